package billing

import (
	"context"
	"fmt"
	"strings"

	"github.com/jobboard/jobboard/app"
	"github.com/jobboard/jobboard/domain"
	"github.com/jobboard/jobboard/domain/billing"
)

// queueReceipt writes the buyer's receipt for a paid order into the outbox,
// inside the fulfilment's transaction: one per order, whatever notices
// follow. what says what the order bought, until when.
func (s *Service) queueReceipt(ctx context.Context, tenant domain.TenantID, o *billing.Order, what string) error {
	b, err := s.deps.Boards.ByID(ctx, tenant)
	if err != nil {
		return err
	}
	var text strings.Builder
	fmt.Fprintf(&text, "Thank you for your payment to %s.\n\n", b.Name())
	fmt.Fprintf(&text, "Order:   %s\n", o.ID)
	fmt.Fprintf(&text, "Product: %s\n", o.Product.Label())
	fmt.Fprintf(&text, "Amount:  %s\n", formatAmount(o.Amount, o.Currency))
	if what != "" {
		fmt.Fprintf(&text, "\n%s\n", what)
	}
	if o.ReceiptURL != "" {
		fmt.Fprintf(&text, "\nYour card receipt: %s\n", o.ReceiptURL)
	}
	text.WriteString("\nYour orders and their receipts are on your company's Orders page on the board.\n")
	key := "receipt:" + o.ID
	_, err = s.deps.Outbox.Enqueue(ctx, tenant, app.OutboxMail{ID: s.deps.IDs.New(), Key: key, Message: app.Message{
		To: o.CustomerEmail, FromName: b.Name(), Subject: "Your receipt from " + b.Name() + ": " + o.Product.Label(), Text: text.String(), Key: key,
	}}, s.now())
	return err
}

// SendReceipts sends the board's mails that are due (receipts and any
// other queued mail), after the transactions that queued them committed.
// It is called right after a payment is applied and by the scheduler for
// what a crash or a mail outage left behind; it returns how many it sent.
func (s *Service) SendReceipts(ctx context.Context, tenant domain.TenantID) (int, error) {
	return s.sender().SendDue(ctx, tenant)
}

// sendReceiptsNow sends a board's due receipts after a commit; a failure
// is logged, as the scheduler tries again.
func (s *Service) sendReceiptsNow(ctx context.Context, tenant domain.TenantID) {
	s.sender().SendNow(ctx, tenant)
}

func (s *Service) sender() app.OutboxSender {
	return app.OutboxSender{Outbox: s.deps.Outbox, Mailer: s.deps.Mailer, Clock: s.deps.Clock}
}

// SendAllReceipts is the scheduler's pass over every board.
func (s *Service) SendAllReceipts(ctx context.Context) (int, error) {
	boards, err := s.deps.Boards.List(ctx)
	if err != nil {
		return 0, err
	}
	total := 0
	for _, b := range boards {
		n, err := s.SendReceipts(ctx, b.ID())
		total += n
		if err != nil {
			return total, err
		}
	}
	return total, nil
}
