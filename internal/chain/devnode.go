// A development chain served over JSON-RPC: the simulated chain's rules
// (chain id 1337, Osaka) with a real HTTP endpoint on loopback, mining each
// transaction as it arrives (geth --dev's on-demand mode), so `unimargin
// chain deploy|attest|state --rpc` run end to end on this machine.
package chain

import (
	"fmt"
	"math/big"
	"net"

	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/eth"
	"github.com/ethereum/go-ethereum/eth/catalyst"
	"github.com/ethereum/go-ethereum/eth/ethconfig"
	"github.com/ethereum/go-ethereum/eth/filters"
	"github.com/ethereum/go-ethereum/node"
	"github.com/ethereum/go-ethereum/p2p"
	"github.com/ethereum/go-ethereum/params"
	"github.com/ethereum/go-ethereum/rpc"
)

// DevNode is a running development chain.
type DevNode struct {
	stack *node.Node
	URL   string // the HTTP JSON-RPC endpoint
}

// ErrNotLoopback is a development chain address off the loopback interface.
var ErrNotLoopback = fmt.Errorf("a development chain listens on loopback only (127.0.0.1 or [::1])")

// StartDevNode starts a development chain listening on addr (host:port on
// loopback; port 0 picks a free one) with each of funded holding 10^6
// ether. Errors: ErrNotLoopback, a port in use, node start errors.
func StartDevNode(addr string, funded ...Address) (*DevNode, error) {
	host, port, err := net.SplitHostPort(addr)
	if err != nil {
		return nil, fmt.Errorf("address %q: %w", addr, err)
	}
	if ip := net.ParseIP(host); host != "localhost" && (ip == nil || !ip.IsLoopback()) {
		return nil, fmt.Errorf("address %q: %w", addr, ErrNotLoopback)
	}
	var portN int
	if _, err := fmt.Sscanf(port, "%d", &portN); err != nil {
		return nil, fmt.Errorf("address %q: port %q is not a number", addr, port)
	}
	stack, err := node.New(&node.Config{
		Name: "unimargin-dev", DataDir: "", P2P: p2p.Config{NoDiscovery: true, MaxPeers: 0, ListenAddr: ""},
		HTTPHost: host, HTTPPort: portN, HTTPModules: []string{"eth", "net", "web3"},
		HTTPVirtualHosts: []string{"localhost", "127.0.0.1", "[::1]"},
	})
	if err != nil {
		return nil, err
	}
	ec := ethconfig.Defaults
	ec.Genesis = devGenesis(funded)
	ec.SyncMode = ethconfig.FullSync
	ec.TxPool.NoLocals = true
	ec.RPCGasCap = simGasLimit
	ec.Miner.GasCeil = simGasLimit
	backend, err := eth.New(stack, &ec)
	if err != nil {
		stack.Close()
		return nil, err
	}
	stack.RegisterAPIs([]rpc.API{{Namespace: "eth", Service: filters.NewFilterAPI(filters.NewFilterSystem(backend.APIBackend, filters.Config{}))}})
	beacon, err := catalyst.NewSimulatedBeacon(0, common.Address{}, backend)
	if err != nil {
		stack.Close()
		return nil, err
	}
	catalyst.RegisterSimulatedBeaconAPIs(stack, beacon) // mines on demand
	stack.RegisterLifecycle(beacon)
	if err := stack.Start(); err != nil {
		stack.Close()
		return nil, err
	}
	return &DevNode{stack: stack, URL: stack.HTTPEndpoint()}, nil
}

// devGenesis is the simulated chain's genesis (Osaka rules, system
// contracts, the large gas limit) with funded accounts.
func devGenesis(funded []Address) *core.Genesis {
	alloc := core.SystemContractAllocs()
	eth := new(big.Int).Exp(big.NewInt(10), big.NewInt(24), nil)
	for _, a := range funded {
		alloc[a] = types.Account{Balance: eth}
	}
	return &core.Genesis{Config: osaka(params.AllDevChainProtocolChanges), GasLimit: simGasLimit, Alloc: alloc, BaseFee: big.NewInt(params.InitialBaseFee)}
}

// Close stops the node.
func (n *DevNode) Close() error { return n.stack.Close() }

// osaka is a dev chain config without the forks that are not live anywhere
// (their gas repricings included), so gas figures are mainnet's.
func osaka(dev *params.ChainConfig) *params.ChainConfig {
	cfg := *dev
	cfg.AmsterdamTime, cfg.BogotaTime = nil, nil
	return &cfg
}
