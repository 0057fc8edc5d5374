package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net/http"
	"slices"
	"sync"
	"sync/atomic"
	"time"
)

// The write mix repeats reads while the board's owner features and
// unfeatures jobs at a steady rate: every write changes what the board's
// public pages show, so it moves the board's cache generation, as an
// employer's edit does.

// benchWriteMix names the reads repeated under writes.
var benchWriteMix = []string{"jobs", "cold:search-term+category", "cold:job-page"}

// benchWriteMixEndpoints repeats the write-mix reads at each rate.
func benchWriteMixEndpoints(eps []benchEndpoint, rates []int) []benchEndpoint {
	var out []benchEndpoint
	for _, rate := range rates {
		for _, ep := range eps {
			if !slices.Contains(benchWriteMix, ep.Name) {
				continue
			}
			ep.Name = fmt.Sprintf("writes-%d/s:%s", rate, ep.Name)
			// A cold endpoint's copy shares its counter, so it goes on
			// with URLs not asked for yet.
			ep.writes = rate
			out = append(out, ep)
		}
	}
	return out
}

// benchWriter writes at rate per second until stopped; stop returns how
// many writes succeeded and failed.
type benchWriter struct {
	ok, failed atomic.Int64
	cancel     context.CancelFunc
	done       sync.WaitGroup
}

// startBenchWriter starts writing on the board at host as the holder of
// token, to random jobs of ids.
// The first write goes at once; a write in flight when the writer stops
// is finished and counted.
func startBenchWriter(ctx context.Context, client *http.Client, addr, host, token string, ids []string, rate int) *benchWriter {
	loop, cancel := context.WithCancel(ctx)
	w := &benchWriter{cancel: cancel}
	rng := rand.New(rand.NewPCG(3, uint64(rate)))
	tick := time.NewTicker(time.Second / time.Duration(rate))
	w.done.Add(1)
	go func() {
		defer w.done.Done()
		defer tick.Stop()
		for i := 0; ; i++ {
			if i > 0 {
				select {
				case <-loop.Done():
					return
				case <-tick.C:
				}
			}
			var until any
			if i%2 == 0 {
				until = time.Now().Add(time.Hour).UTC()
			}
			body, _ := json.Marshal(map[string]any{"until": until})
			id := ids[rng.IntN(len(ids))]
			req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/jobs/"+id+"/feature", bytes.NewReader(body))
			if err != nil {
				w.failed.Add(1)
				continue
			}
			req.Host = host
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := client.Do(req)
			if err != nil {
				if ctx.Err() == nil {
					w.failed.Add(1)
				}
				continue
			}
			_, _ = io.Copy(io.Discard, resp.Body)
			_ = resp.Body.Close()
			if resp.StatusCode/100 == 2 {
				w.ok.Add(1)
			} else {
				w.failed.Add(1)
			}
		}
	}()
	return w
}

// stop ends the writes and returns how many succeeded and failed.
func (w *benchWriter) stop() (ok, failed int64) {
	w.cancel()
	w.done.Wait()
	return w.ok.Load(), w.failed.Load()
}

// benchOwnerToken signs the bench board's owner in through the API.
func benchOwnerToken(ctx context.Context, client *http.Client, addr, host string) (string, error) {
	body, _ := json.Marshal(map[string]string{"email": benchOwnerEmail, "password": benchPassword})
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, "http://"+addr+"/api/v1/auth/login", bytes.NewReader(body))
	if err != nil {
		return "", err
	}
	req.Host = host
	req.Header.Set("Content-Type", "application/json")
	resp, err := client.Do(req)
	if err != nil {
		return "", err
	}
	defer resp.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&out); err != nil || out.Token == "" {
		return "", fmt.Errorf("bench run: owner sign-in answered %s", resp.Status)
	}
	return out.Token, nil
}
