// govern: the governed risk parameters (internal/govern) from the command
// line, acting on the store as the operator: set up, propose, preview,
// vote (signing with a member's key file), cancel, execute, guardian
// actions, status and the audit log (--verify exits 1 when it does not
// verify). Every refusal is one line naming the field; nothing changes.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"time"

	"github.com/unimargin/unimargin/internal/cluster"
	"github.com/unimargin/unimargin/internal/govern"
	"github.com/unimargin/unimargin/internal/input"
	"github.com/unimargin/unimargin/internal/vault"
)

type governCmd struct {
	Init     governInitCmd     `cmd:"" help:"Set governance up: store the rules (governance.json) and make version 1 from the stored risk parameters."`
	Keygen   governKeygenCmd   `cmd:"" help:"Make an ed25519 key file for a member or the guardian; prints its public key for the rules."`
	Status   governStatusCmd   `cmd:"" help:"The effective parameter version, ramps in progress, the guardian action in force."`
	Propose  governProposeCmd  `cmd:"" help:"File a proposal (a diff against the effective version, with a rationale and a transition); refused when out of bounds."`
	Preview  governPreviewCmd  `cmd:"" help:"Compute a proposal's impact preview: every stored account under both versions, and the cascade on the standard shock."`
	Vote     governVoteCmd     `cmd:"" help:"Sign a vote with a member's key file (or submit a signed message) on a proposal."`
	Cancel   governCancelCmd   `cmd:"" help:"Cancel a voting or queued proposal, signed by its proposer or the guardian."`
	Execute  governExecuteCmd  `cmd:"" help:"Execute a queued proposal once its timelock has passed."`
	Guardian governGuardianCmd `cmd:"" help:"A guardian action, signed with the guardian's key: tighten parameters (--file) or --pause new risk."`
	List     governListCmd     `cmd:"" help:"List the proposals (--proposal P: one, with its preview)."`
	Log      governLogCmd      `cmd:"" help:"The hash-chained audit log; --verify exits 1 when it does not verify."`
}

// timedFlags are every governance and settlement command's: the store,
// and the time the act is taken at (the wall clock; --now for rehearsals
// and tests).
type timedFlags struct {
	storeFlags
	Now string `hidden:"" help:"Act at this RFC 3339 time instead of the wall clock (rehearsals, tests)." placeholder:"TIME"`
}

func (f *timedFlags) now() (time.Time, error) {
	if f.Now == "" {
		return time.Now().UTC(), nil
	}
	t, err := time.Parse(time.RFC3339, f.Now)
	if err != nil {
		return time.Time{}, usagef("--now %q: want an RFC 3339 time", f.Now)
	}
	return t, nil
}

// gov runs fn in one transaction as governance's.
func (f *timedFlags) gov(what string, readOnly bool, fn func(tx govern.Tx, now time.Time) error) error {
	now, err := f.now()
	if err != nil {
		return err
	}
	return governRefusal(what, f.transactRaw(readOnly, func(tx vault.Tx) error {
		g, ok := tx.(govern.Tx)
		if !ok {
			return fmt.Errorf("%w: the store keeps no governance records", errInternal)
		}
		return fn(g, now)
	}))
}

// governRefusal is refusal, with a corrupt governance record internal.
func governRefusal(what string, err error) error {
	if errors.Is(err, govern.ErrCorrupt) {
		return fmt.Errorf("%w: %s: %v", errInternal, what, err)
	}
	return refusal(what, err)
}

type governInitCmd struct {
	timedFlags
	Rules string `required:"" help:"Governance rules file (governance.json: decision, members, guardian, timings, bounds)." placeholder:"FILE"`
}

func (c *governInitCmd) Run(e *env) error {
	doc, err := readDocument(c.Rules)
	if err != nil {
		return err
	}
	var v *govern.Version
	err = c.gov("govern init", false, func(tx govern.Tx, now time.Time) (err error) {
		v, err = govern.Init(tx, doc.data, "operator", now)
		var ie *input.Error
		if errors.As(err, &ie) {
			return input.InFile(err, doc.name)
		}
		return err
	})
	if err != nil {
		return err
	}
	return c.rows(e, c.JSON, "result", v, [][2]string{{"version", fmt.Sprint(v.Number)}, {"hash", v.Hash}})
}

type governKeygenCmd struct {
	Name string `required:"" help:"The member's (or guardian's) name in the rules." placeholder:"NAME"`
	Out  string `required:"" help:"Key file to write (created with mode 0600; refuses to overwrite)." placeholder:"FILE"`
	JSON bool   `help:"Print {name, public_key} as JSON."`
	formatFlag
}

func (c *governKeygenCmd) Run(e *env) error {
	k, err := govern.NewKeyFile(c.Name)
	if err != nil {
		return fmt.Errorf("%w: generating a key: %v", errInternal, err)
	}
	data, err := json.MarshalIndent(k, "", "  ")
	if err != nil {
		return fmt.Errorf("%w: %v", errInternal, err)
	}
	f, err := os.OpenFile(c.Out, os.O_WRONLY|os.O_CREATE|os.O_EXCL, 0o600)
	if err != nil {
		return usagef("--out %s: %v", c.Out, err)
	}
	_, err = f.Write(append(data, '\n'))
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return usagef("--out %s: %v", c.Out, err)
	}
	return c.rows(e, c.JSON, "result", map[string]string{"name": k.Name, "public_key": k.PublicKey},
		[][2]string{{"name", k.Name}, {"public_key", k.PublicKey}})
}

type governStatusCmd struct{ timedFlags }

func (c *governStatusCmd) Run(e *env) error {
	var st *govern.StatusReport
	err := c.gov("govern status", true, func(tx govern.Tx, now time.Time) (err error) {
		st, err = govern.Status(tx, now)
		return err
	})
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "govern", st); done {
		return err
	}
	rows := [][2]string{{"version", fmt.Sprint(st.Version)}, {"hash", st.Hash}, {"origin", st.Origin},
		{"since", st.Since.Format(time.RFC3339)}, {"pause new risk", fmt.Sprint(st.PauseNewRisk)},
		{"decision", decisionText(st.Rules)}}
	for _, r := range st.Ramps {
		rows = append(rows, [2]string{"ramp " + r.Path, fmt.Sprintf("%v → %v, now %v, until %s", r.From, r.To, r.Now, r.End.Format(time.RFC3339))})
	}
	if g := st.Guardian; g != nil {
		rows = append(rows, [2]string{"guardian action", fmt.Sprintf("version %d until %s (ratified %v)", g.Version, g.ExpiresAt.Format(time.RFC3339), g.Ratified)})
	}
	return render(e, false, nil, rows)
}

func decisionText(r *govern.Rules) string {
	if r.Decision.Mode == govern.ModeSigners {
		return fmt.Sprintf("%d of %d signers", r.Decision.Threshold, len(r.Members))
	}
	return fmt.Sprintf("token-weighted: quorum %s, pass %s", r.Decision.Quorum, r.Decision.Pass)
}

type governProposeCmd struct {
	timedFlags
	File    string `required:"" help:"Proposal file: {proposer, rationale, changes: [{path, value}], transition: {kind, seconds}, base_version?, id?}." placeholder:"FILE"`
	Preview bool   `help:"Compute and attach the impact preview right away."`
}

func (c *governProposeCmd) Run(e *env) error {
	doc, err := readDocument(c.File)
	if err != nil {
		return err
	}
	var p *govern.Proposal
	err = c.gov("govern propose", false, func(tx govern.Tx, now time.Time) (err error) {
		p, err = govern.Propose(tx, doc.data, now)
		return err
	})
	if err != nil {
		return err
	}
	if c.Preview {
		if p, err = runPreview(&c.timedFlags, p.ID); err != nil {
			return err
		}
	}
	return writeProposal(e, c.formatFlag, c.JSON, p)
}

type governPreviewCmd struct {
	timedFlags
	Proposal string `required:"" help:"Proposal id." placeholder:"P"`
}

func (c *governPreviewCmd) Run(e *env) error {
	p, err := runPreview(&c.timedFlags, c.Proposal)
	if err != nil {
		return err
	}
	return writeProposal(e, c.formatFlag, c.JSON, p)
}

// runPreview computes a proposal's preview (re-margins outside any write
// transaction, through cluster.Local) and attaches it.
func runPreview(f *timedFlags, id string) (*govern.Proposal, error) {
	var job *govern.PreviewJob
	err := f.gov("govern preview", true, func(tx govern.Tx, now time.Time) (err error) {
		job, err = govern.PreparePreview(tx, id, now)
		return err
	})
	if err != nil {
		return nil, err
	}
	ctx := context.Background()
	db, err := f.open(ctx)
	if err != nil {
		return nil, err
	}
	now, _ := f.now()
	pv, err := job.Run(ctx, cluster.Under(db, 0), now)
	db.Close()
	if err != nil {
		return nil, governRefusal("govern preview", err)
	}
	var p *govern.Proposal
	err = f.gov("govern preview", false, func(tx govern.Tx, now time.Time) (err error) {
		p, err = govern.AttachPreview(tx, id, pv, "operator", now)
		return err
	})
	return p, err
}

type governVoteCmd struct {
	timedFlags
	Proposal string `help:"Proposal id (with --key)." placeholder:"P"`
	Key      string `help:"The member's key file (govern keygen): the vote is signed with it." placeholder:"FILE" xor:"signer"`
	Choice   string `help:"yes, no or abstain (with --key)." placeholder:"CHOICE"`
	Signed   string `help:"A signed vote message ({message, signature}) to submit as it is." placeholder:"FILE" xor:"signer"`
	Expires  string `help:"How long the signed message stays valid (with --key)." default:"1h" placeholder:"DURATION"`
}

func (c *governVoteCmd) Run(e *env) error {
	var p *govern.Proposal
	err := c.gov("govern vote", false, func(tx govern.Tx, now time.Time) error {
		s, err := c.signed(tx, now, govern.KindVote)
		if err != nil {
			return err
		}
		p, err = govern.CastVote(tx, s, now)
		return err
	})
	if err != nil {
		return err
	}
	return writeProposal(e, c.formatFlag, c.JSON, p)
}

// signed is the message to submit: --signed as it is, or a new message
// about --proposal signed with --key.
func (c *governVoteCmd) signed(tx govern.Tx, now time.Time, kind string) (govern.Signed, error) {
	if c.Signed != "" {
		return readSigned(c.Signed)
	}
	if c.Key == "" || c.Proposal == "" {
		return govern.Signed{}, usagef("give --proposal and --key (and --choice for a vote), or --signed FILE")
	}
	if kind == govern.KindVote && c.Choice == "" {
		return govern.Signed{}, usagef("--choice yes|no|abstain is required with --key")
	}
	p, err := govern.GetProposal(tx, c.Proposal, now)
	if err != nil {
		return govern.Signed{}, err
	}
	return signWithKey(c.Key, c.Expires, now, govern.Message{Kind: kind, Proposal: p.ID, ProposalHash: p.Hash, Choice: c.Choice})
}

// signWithKey fills the signer, nonce and expiry and signs with the key file.
func signWithKey(path, expires string, now time.Time, m govern.Message) (govern.Signed, error) {
	k, priv, err := govern.ReadKeyFile(path)
	if err != nil {
		return govern.Signed{}, err
	}
	d, err := time.ParseDuration(expires)
	if err != nil || d <= 0 {
		return govern.Signed{}, usagef("--expires %q: want a positive duration such as 1h", expires)
	}
	m.Signer, m.Nonce, m.ExpiresAt = k.Name, govern.NewNonce(), now.Add(d).UTC().Format(time.RFC3339)
	return govern.Sign(m, priv)
}

func readSigned(path string) (govern.Signed, error) {
	doc, err := readDocument(path)
	if err != nil {
		return govern.Signed{}, err
	}
	var s govern.Signed
	if err := json.Unmarshal(doc.data, &s); err != nil {
		return govern.Signed{}, usagef("%s: not a signed message ({message, signature}): %v", doc.name, err)
	}
	return s, nil
}

type governCancelCmd struct {
	governVoteCmd
}

func (c *governCancelCmd) Run(e *env) error {
	var p *govern.Proposal
	err := c.gov("govern cancel", false, func(tx govern.Tx, now time.Time) error {
		s, err := c.signed(tx, now, govern.KindCancel)
		if err != nil {
			return err
		}
		p, err = govern.Cancel(tx, s, now)
		return err
	})
	if err != nil {
		return err
	}
	return writeProposal(e, c.formatFlag, c.JSON, p)
}

type governExecuteCmd struct {
	timedFlags
	Proposal string `required:"" help:"Proposal id." placeholder:"P"`
}

func (c *governExecuteCmd) Run(e *env) error {
	var v *govern.Version
	err := c.gov("govern execute", false, func(tx govern.Tx, now time.Time) (err error) {
		v, err = govern.Execute(tx, c.Proposal, "operator", now)
		return err
	})
	if err != nil {
		return err
	}
	return writeVersion(e, c.formatFlag, c.JSON, v)
}

type governGuardianCmd struct {
	timedFlags
	Key     string `required:"" help:"The guardian's key file." placeholder:"FILE"`
	File    string `help:"Changes to tighten: [{path, value}, …] (each stricter for users, within bounds)." placeholder:"FILE" xor:"action"`
	Pause   bool   `help:"Pause new risk (withdrawals, redeems and lien grants of accounts with positions or liens)." xor:"action"`
	Expires string `help:"How long the signed message stays valid." default:"1h" placeholder:"DURATION"`
}

func (c *governGuardianCmd) Run(e *env) error {
	m := govern.Message{Kind: govern.KindGuardian, Action: govern.ActionPause}
	if c.File != "" {
		doc, err := readDocument(c.File)
		if err != nil {
			return err
		}
		if err := json.Unmarshal(doc.data, &m.Changes); err != nil {
			return usagef("%s: want [{\"path\": …, \"value\": …}, …]: %v", doc.name, err)
		}
		m.Action = govern.ActionTighten
	} else if !c.Pause {
		return usagef("give --file CHANGES or --pause")
	}
	var v *govern.Version
	err := c.gov("govern guardian", false, func(tx govern.Tx, now time.Time) error {
		st, err := govern.Status(tx, now)
		if err != nil {
			return err
		}
		m.BaseHash = st.Hash
		s, err := signWithKey(c.Key, c.Expires, now, m)
		if err != nil {
			return err
		}
		v, err = govern.ActGuardian(tx, s, now)
		return err
	})
	if err != nil {
		return err
	}
	return writeVersion(e, c.formatFlag, c.JSON, v)
}

type governListCmd struct {
	timedFlags
	Proposal string `help:"Show one proposal, with its preview." placeholder:"P"`
}

func (c *governListCmd) Run(e *env) error {
	var ps []*govern.Proposal
	err := c.gov("govern list", true, func(tx govern.Tx, now time.Time) error {
		if c.Proposal != "" {
			p, err := govern.GetProposal(tx, c.Proposal, now)
			ps = []*govern.Proposal{p}
			return err
		}
		var err error
		ps, err = govern.Proposals(tx, now)
		return err
	})
	if err != nil {
		return err
	}
	if c.Proposal != "" {
		return writeProposal(e, c.formatFlag, c.JSON, ps[0])
	}
	if done, err := c.machine(e, c.JSON, "govern", map[string]any{"proposals": ps}); done {
		return err
	}
	t := newTable([]string{"id", "state", "proposer", "changes", "transition", "tally", "preview"}, left, left, left, right, left, left, left)
	for _, p := range ps {
		t.add(p.ID, p.State, p.Proposer, fmt.Sprint(len(p.Leaves)), transitionText(p.Transition),
			fmt.Sprintf("%s yes / %s no of %s", p.Tally.Yes, p.Tally.No, p.Tally.Total), previewText(p.Preview))
	}
	t.write(e.out, "")
	return nil
}

type governLogCmd struct {
	timedFlags
	Verify bool `help:"Verify the hash chain and the version records; exit 1 naming the first broken entry."`
}

func (c *governLogCmd) Run(e *env) error {
	var entries []govern.Entry
	var ver *govern.Verified
	err := c.gov("govern log", true, func(tx govern.Tx, _ time.Time) error {
		if c.Verify {
			v, err := govern.Verify(tx)
			if err != nil {
				return err
			}
			ver = &v
		}
		var err error
		entries, err = govern.Log(tx)
		return err
	})
	if err != nil {
		return err
	}
	if done, err := c.machine(e, c.JSON, "govern", map[string]any{"entries": entries, "verified": ver}); done {
		return err
	}
	t := newTable([]string{"seq", "at", "kind", "actor", "subject"}, right, left, left, left, left)
	for _, x := range entries {
		t.add(fmt.Sprint(x.Seq), x.At.Format(time.RFC3339), x.Kind, x.Actor, x.Subject)
	}
	t.write(e.out, "")
	if ver != nil {
		fmt.Fprintf(e.out, "\nverified: %d entries, %d versions; head %s\n", ver.Entries, ver.Versions, ver.Head)
	}
	return nil
}

func transitionText(t govern.Transition) string {
	if t.Kind == govern.TransitionRamp {
		return fmt.Sprintf("ramp %s", time.Duration(t.Seconds)*time.Second)
	}
	return t.Kind
}

func previewText(pv *govern.Preview) string {
	if pv == nil {
		return "none yet"
	}
	return fmt.Sprintf("Δequity %s, Δinitial %s, Δmaintenance %s, newly liquidatable %d",
		usd(pv.DeltaEquity), usd(pv.DeltaInitial), usd(pv.DeltaMaintenance), pv.NewlyLiquidatableCount)
}

// writeProposal prints a proposal as JSON or as a report people read.
func writeProposal(e *env, f formatFlag, asJSON bool, p *govern.Proposal) error {
	if done, err := f.machine(e, asJSON, "proposal", p); done {
		return err
	}
	rows := [][2]string{{"id", p.ID}, {"state", p.State}, {"hash", p.Hash}, {"proposer", p.Proposer},
		{"rationale", p.Rationale}, {"base version", fmt.Sprint(p.BaseVersion)}, {"transition", transitionText(p.Transition)},
		{"voting ends", p.VotingEndsAt.Format(time.RFC3339)},
		{"tally", fmt.Sprintf("yes %s, no %s, abstain %s of %s", p.Tally.Yes, p.Tally.No, p.Tally.Abstain, p.Tally.Total)}}
	if p.ExecutableAt != nil {
		rows = append(rows, [2]string{"executable at", p.ExecutableAt.Format(time.RFC3339)})
	}
	if p.Version > 0 {
		rows = append(rows, [2]string{"made version", fmt.Sprint(p.Version)})
	}
	for _, l := range p.Leaves {
		strict := ""
		if l.Stricter {
			strict = " (stricter for users)"
		}
		rows = append(rows, [2]string{"change " + l.Path, fmt.Sprintf("%v → %v%s", l.From, l.To, strict)})
	}
	rows = append(rows, [2]string{"preview", previewText(p.Preview)})
	if pv := p.Preview; pv != nil {
		rows = append(rows,
			[2]string{"  accounts", fmt.Sprintf("%d (%d not computable)", pv.Accounts, pv.Failed)},
			[2]string{"  liquidatable", fmt.Sprintf("%d → %d", pv.Before.Liquidatable, pv.After.Liquidatable)},
			[2]string{"  ramp: liquidatable at start / halfway / end", fmt.Sprintf("%d / %d / %d", pv.Transition.Ramp.LiquidatableAtStart, pv.Transition.Ramp.LiquidatableHalfway, pv.Transition.Ramp.LiquidatableAtEnd)},
			[2]string{"  key: liquidatable now / after refresh", fmt.Sprintf("%d / %d", pv.Transition.Key.LiquidatableNow, pv.Transition.Key.LiquidatableAfterRefresh)})
		for _, m := range pv.Movers {
			rows = append(rows, [2]string{"  mover " + m.Account, usd(m.Delta)})
		}
		if cp := pv.Cascade; cp != nil {
			rows = append(rows, [2]string{"  cascade " + cp.Path, fmt.Sprintf("%d books (%d skipped): liquidated %s → %s, bad debt %s → %s",
				cp.Accounts, cp.Skipped, usd(cp.Before.LiquidatedUSD), usd(cp.After.LiquidatedUSD), usd(cp.Before.BadDebtUSD), usd(cp.After.BadDebtUSD))})
		}
	}
	return render(e, false, nil, rows)
}

func writeVersion(e *env, f formatFlag, asJSON bool, v *govern.Version) error {
	if done, err := f.machine(e, asJSON, "version", v); done {
		return err
	}
	rows := [][2]string{{"version", fmt.Sprint(v.Number)}, {"hash", v.Hash}, {"origin", v.Origin}, {"transition", transitionText(v.Transition)}}
	for _, c := range v.Changed {
		rows = append(rows, [2]string{"change " + c.Path, fmt.Sprintf("%v → %v", c.From, c.To)})
	}
	if v.ExpiresAt != nil {
		rows = append(rows, [2]string{"expires", v.ExpiresAt.Format(time.RFC3339)})
	}
	return render(e, false, nil, rows)
}
