// Package mail sends e-mail: over SMTP in production, to the log in
// development, and into memory in tests.
package mail

import (
	"bytes"
	"crypto/rand"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"mime"
	"mime/quotedprintable"
	"net/mail"
	"net/textproto"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
)

// reservedHeaders are written by compose; Message.Headers may not set them,
// so that extra headers cannot add recipients or change the encoding.
var reservedHeaders = map[string]bool{
	"From": true, "Sender": true, "To": true, "Cc": true, "Bcc": true,
	"Subject": true, "Date": true, "Message-Id": true, "Mime-Version": true,
	"Content-Type": true, "Content-Transfer-Encoding": true, "Return-Path": true,
}

// Length limits, in bytes, that keep every header line below the 998-byte
// limit of RFC 5322: unencoded values stay on one line, encoded ones are
// folded between encoded words, and an encoded sender name is not folded.
const (
	maxHeaderLen = 900
	maxNameLen   = 200
)

// check validates m as compose would, and returns its recipient address.
// Every failure is KindInvalid: a message with a CR or LF in a header would
// let its sender inject headers or recipients.
func check(m app.Message) (*mail.Address, error) {
	to, err := mail.ParseAddress(m.To)
	if err != nil {
		return nil, domain.Invalid("to", "enter a valid e-mail address")
	}
	if hasLineBreak(m.Subject) || len(m.Subject) > maxHeaderLen || !utf8.ValidString(m.Subject) {
		return nil, domain.Invalid("subject", "the subject must be one line of text")
	}
	if hasLineBreak(m.FromName) || len(m.FromName) > maxNameLen || !utf8.ValidString(m.FromName) {
		return nil, domain.Invalid("from_name", "the sender name must be one line of text")
	}
	for name, value := range m.Headers {
		if !validHeaderName(name) || reservedHeaders[textproto.CanonicalMIMEHeaderKey(name)] {
			return nil, domain.Invalid("headers", fmt.Sprintf("the header name %q is not allowed", name))
		}
		if hasLineBreak(value) || len(value) > maxHeaderLen || !utf8.ValidString(value) {
			return nil, domain.Invalid("headers", fmt.Sprintf("the value of header %q must be one line of text", name))
		}
	}
	return to, nil
}

// compose builds an RFC 5322 message with a quoted-printable UTF-8 text
// body. from is the bare sender address.
func compose(m app.Message, from string, now time.Time) (to *mail.Address, data []byte, err error) {
	to, err = check(m)
	if err != nil {
		return nil, nil, err
	}
	var b bytes.Buffer
	header := func(name, value string) {
		b.WriteString(name)
		b.WriteString(": ")
		b.WriteString(value)
		b.WriteString("\r\n")
	}
	sender := mail.Address{Name: m.FromName, Address: from}
	header("Date", now.Format(time.RFC1123Z))
	header("From", sender.String())
	header("To", to.String())
	header("Subject", encodeHeader(m.Subject))
	if m.Key != "" {
		header("Message-ID", stableMessageID(m.Key, from))
	} else {
		header("Message-ID", messageID(from))
	}
	header("MIME-Version", "1.0")
	header("Content-Type", "text/plain; charset=utf-8")
	header("Content-Transfer-Encoding", "quoted-printable")
	names := make([]string, 0, len(m.Headers))
	for name := range m.Headers {
		names = append(names, name)
	}
	slices.Sort(names)
	for _, name := range names {
		header(textproto.CanonicalMIMEHeaderKey(name), encodeHeader(m.Headers[name]))
	}
	b.WriteString("\r\n")
	qp := quotedprintable.NewWriter(&b)
	if _, err := qp.Write([]byte(m.Text)); err != nil {
		return nil, nil, fmt.Errorf("mail: encode body: %w", err)
	}
	if err := qp.Close(); err != nil {
		return nil, nil, fmt.Errorf("mail: encode body: %w", err)
	}
	if !bytes.HasSuffix(b.Bytes(), []byte("\r\n")) {
		b.WriteString("\r\n") // every line of a message ends in CRLF
	}
	return to, b.Bytes(), nil
}

// encodeHeader returns v as RFC 2047 encoded words when it is not plain
// ASCII, folded between the words so that no line grows too long. Spaces
// in the text are encoded as underscores, so every space left separates
// two words.
func encodeHeader(v string) string {
	enc := mime.QEncoding.Encode("utf-8", v)
	if enc == v {
		return v
	}
	return strings.ReplaceAll(enc, " ", "\r\n ")
}

// messageID returns a unique Message-ID in the sender's domain.
func messageID(from string) string {
	var r [16]byte
	_, _ = rand.Read(r[:]) // crypto/rand never fails on supported platforms
	return "<" + hex.EncodeToString(r[:]) + "@" + senderDomain(from) + ">"
}

// stableMessageID is the Message-ID of every sending of the message key.
func stableMessageID(key, from string) string {
	sum := sha256.Sum256([]byte(key))
	return "<" + hex.EncodeToString(sum[:16]) + "@" + senderDomain(from) + ">"
}

func senderDomain(from string) string {
	if at := strings.LastIndexByte(from, '@'); at >= 0 && at < len(from)-1 {
		return from[at+1:]
	}
	return "localhost"
}

func hasLineBreak(s string) bool {
	return strings.ContainsAny(s, "\r\n\x00")
}

// validHeaderName reports whether name is a header field name as RFC 5322
// defines it: printable ASCII other than the colon.
func validHeaderName(name string) bool {
	if name == "" || len(name) > 76 {
		return false
	}
	for i := 0; i < len(name); i++ {
		if c := name[i]; c < 33 || c > 126 || c == ':' {
			return false
		}
	}
	return true
}
