// Code generated - DO NOT EDIT.
// This file is a generated binding and any manual changes will be lost.

package binding

import (
	"context"
	"errors"
	"math/big"
	"strings"
	"time"

	ethereum "github.com/ethereum/go-ethereum"
	"github.com/ethereum/go-ethereum/accounts/abi"
	"github.com/ethereum/go-ethereum/accounts/abi/bind"
	"github.com/ethereum/go-ethereum/common"
	"github.com/ethereum/go-ethereum/core/types"
	"github.com/ethereum/go-ethereum/event"
)

// Reference imports to suppress errors if they are not otherwise used.
var (
	_ = errors.New
	_ = big.NewInt
	_ = strings.NewReader
	_ = ethereum.NotFound
	_ = bind.Bind
	_ = common.Big1
	_ = types.BloomLookup
	_ = event.NewSubscription
	_ = abi.ConvertType
	_ = time.Tick
	_ = context.Background
)

// UCTVaultMetaData contains all meta data concerning the UCTVault contract.
var UCTVaultMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"contractIERC20\",\"name\":\"asset_\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"master_\",\"type\":\"address\"},{\"internalType\":\"string\",\"name\":\"name_\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"symbol_\",\"type\":\"string\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"allowance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientAllowance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"balance\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"needed\",\"type\":\"uint256\"}],\"name\":\"ERC20InsufficientBalance\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"approver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidApprover\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"ERC20InvalidReceiver\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"ERC20InvalidSpender\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"ERC4626ExceededMaxDeposit\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"ERC4626ExceededMaxMint\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"ERC4626ExceededMaxRedeem\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"max\",\"type\":\"uint256\"}],\"name\":\"ERC4626ExceededMaxWithdraw\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"token\",\"type\":\"address\"}],\"name\":\"SafeERC20FailedOperation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"caller\",\"type\":\"address\"}],\"name\":\"UCTOnlyMaster\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"UCTSharesLocked\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UCTZeroAmount\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UCTZeroAssets\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"UCTZeroShares\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Approval\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"Deposit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"Transfer\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"Withdraw\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"MAX_TOTAL\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"}],\"name\":\"allowance\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"spender\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"approve\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"asset\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balanceOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"convertToAssets\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"name\":\"convertToShares\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"decimals\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"deposit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"master\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"name\":\"maxDeposit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"maxMint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"maxRedeem\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"maxWithdraw\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"}],\"name\":\"mint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"name\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"name\":\"previewDeposit\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"previewMint\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"previewRedeem\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"name\":\"previewWithdraw\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"redeem\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"redeemFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"seize\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"share\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"id\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"pure\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"symbol\",\"outputs\":[{\"internalType\":\"string\",\"name\":\"\",\"type\":\"string\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalAssets\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"totalSupply\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transfer\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"from\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"to\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"transferFrom\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"}],\"name\":\"withdraw\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"owner\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"name\":\"withdrawFor\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	Bin: "0x60e060405234801561000f575f5ffd5b50604051611cb6380380611cb683398101604081905261002e916101a3565b838282600361003d83826102bd565b50600461004a82826102bd565b5050505f5f61005e836100bc60201b60201c565b915091508161006e576012610070565b805b60ff1660a05250506001600160a01b031660805260017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f005550506001600160a01b031660c0525061037b565b63313ce56760e01b5f818152908190602082600481875afa5f51601f3d1190911661010082101695908602945092505050565b6001600160a01b0381168114610103575f5ffd5b50565b634e487b7160e01b5f52604160045260245ffd5b5f82601f830112610129575f5ffd5b81516001600160401b0381111561014257610142610106565b604051601f8201601f19908116603f011681016001600160401b038111828210171561017057610170610106565b604052818152838201602001851015610187575f5ffd5b8160208501602083015e5f918101602001919091529392505050565b5f5f5f5f608085870312156101b6575f5ffd5b84516101c1816100ef565b60208601519094506101d2816100ef565b60408601519093506001600160401b038111156101ed575f5ffd5b6101f98782880161011a565b606087015190935090506001600160401b03811115610216575f5ffd5b6102228782880161011a565b91505092959194509250565b600181811c9082168061024257607f821691505b60208210810361026057634e487b7160e01b5f52602260045260245ffd5b50919050565b601f8211156102b857828211156102b857805f5260205f20601f840160051c602085101561029157505f5b90810190601f840160051c035f5b818110156102b4575f8382015560010161029f565b5050505b505050565b81516001600160401b038111156102d6576102d6610106565b6102ea816102e4845461022e565b84610266565b6020601f82116001811461031c575f83156103055750848201515b5f19600385901b1c1916600184901b178455610374565b5f84815260208120601f198516915b8281101561034b578785015182556020948501946001909201910161032b565b508482101561036857868401515f19600387901b60f8161c191681555b505060018360011b0184555b5050505050565b60805160a05160c0516118d96103dd5f395f818161047301528181610624015281816108480152818161092a01528181610d65015261100101525f61073101525f81816102c101528181610498015281816111ad01526113af01526118d95ff3fe608060405234801561000f575f5ffd5b50600436106101e7575f3560e01c806395d89b4111610109578063c63d75b61161009e578063d905777e1161006e578063d905777e14610423578063dd62ed3e14610436578063ee97f7f31461046e578063ef8b30f7146103ef575f5ffd5b8063c63d75b6146103dc578063c6e6f592146103ef578063cd60fe3514610402578063ce96cb7714610410575f5ffd5b8063b2a02ff1116100d9578063b2a02ff11461038e578063b3d7f6b9146103a3578063b460af94146103b6578063ba087652146103c9575f5ffd5b806395d89b411461035a5780639f1d926714610362578063a8d5fd6514610375578063a9059cbb1461037b575f5ffd5b806323b872dd1161017f5780634cdad5061161014f5780634cdad5061461023e5780636e553f651461030c57806370a082311461031f57806394bf804d14610347575f5ffd5b806323b872dd14610292578063313ce567146102a557806338d52e0f146102bf578063402d267d146102f9575f5ffd5b8063095ea7b3116101ba578063095ea7b3146102515780630a28a4771461026457806311b4c6571461027757806318160ddd1461028a575f5ffd5b806301e1d114146101eb57806301ffc9a71461020657806306fdde031461022957806307a2d13a1461023e575b5f5ffd5b6101f3610495565b6040519081526020015b60405180910390f35b61021961021436600461150f565b610524565b60405190151581526020016101fd565b61023161055a565b6040516101fd9190611536565b6101f361024c36600461156b565b6105ea565b61021961025f36600461159d565b6105f5565b6101f361027236600461156b565b61060c565b6101f36102853660046115c5565b610618565b6002546101f3565b6102196102a03660046115c5565b610706565b6102ad610729565b60405160ff90911681526020016101fd565b7f00000000000000000000000000000000000000000000000000000000000000005b6040516001600160a01b0390911681526020016101fd565b6101f36103073660046115ff565b610755565b6101f361031a366004611618565b6107af565b6101f361032d3660046115ff565b6001600160a01b03165f9081526020819052604090205490565b6101f3610355366004611618565b6107fa565b61023161082d565b6101f36103703660046115c5565b61083c565b306102e1565b61021961038936600461159d565b610912565b6103a161039c3660046115c5565b61091f565b005b6101f36103b136600461156b565b610998565b6101f36103c4366004611642565b6109a4565b6101f36103d7366004611642565b6109f0565b6101f36103ea3660046115ff565b610a24565b6101f36103fd36600461156b565b610a37565b6101f36001600160801b0381565b6101f361041e3660046115ff565b610a42565b6101f36104313660046115ff565b610a65565b6101f361044436600461167b565b6001600160a01b039182165f90815260016020908152604080832093909416825291909152205490565b6102e17f000000000000000000000000000000000000000000000000000000000000000081565b5f7f00000000000000000000000000000000000000000000000000000000000000006040516370a0823160e01b81523060048201526001600160a01b0391909116906370a0823190602401602060405180830381865afa1580156104fb573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061051f91906116a3565b905090565b5f6001600160e01b03198216632f0a18c560e01b148061055457506001600160e01b031982166301ffc9a760e01b145b92915050565b606060038054610569906116ba565b80601f0160208091040260200160405190810160405280929190818152602001828054610595906116ba565b80156105e05780601f106105b7576101008083540402835291602001916105e0565b820191905f5260205f20905b8154815290600101906020018083116105c357829003601f168201915b5050505050905090565b5f610554825f610a7c565b5f33610602818585610ab5565b5060019392505050565b5f610554826001610ac2565b5f336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461066957604051635fdaf05360e11b81523360048201526024015b60405180910390fd5b610671610af2565b815f03610691576040516331b67a8960e01b815260040160405180910390fd5b6001600160a01b0384165f90815260208190526040902054808311156106d057848382604051632e52afbb60e21b8152600401610660939291906116f2565b6106d9836105ea565b91506106e88585878587610b0d565b506106ff60015f5160206118ad5f395f51905f5255565b9392505050565b5f33610713858285610b41565b61071e858585610baa565b506001949350505050565b5f61051f60067f0000000000000000000000000000000000000000000000000000000000000000611727565b5f5f61075f610495565b610770906001600160801b03611740565b90505f61079661077f60025490565b610790906001600160801b03611740565b5f610a7c565b90508181106107a557816107a7565b805b949350505050565b5f6107b8610af2565b825f036107d8576040516331b67a8960e01b815260040160405180910390fd5b6107e28383610c07565b905061055460015f5160206118ad5f395f51905f5255565b5f610803610af2565b825f03610823576040516331b67a8960e01b815260040160405180910390fd5b6107e28383610c53565b606060048054610569906116ba565b5f336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461088857604051635fdaf05360e11b8152336004820152602401610660565b610890610af2565b815f036108b0576040516331b67a8960e01b815260040160405180910390fd5b6001600160a01b0384165f908152602081905260408120546108d190610790565b9050808311156108fa57848382604051633fa733bb60e21b8152600401610660939291906116f2565b6109038361060c565b91506106e88585878686610b0d565b5f33610602818585610baa565b336001600160a01b037f0000000000000000000000000000000000000000000000000000000000000000161461096a57604051635fdaf05360e11b8152336004820152602401610660565b610972610af2565b61097d838383610baa565b61099360015f5160206118ad5f395f51905f5255565b505050565b5f610554826001610a7c565b5f6109ad610af2565b835f036109cd576040516331b67a8960e01b815260040160405180910390fd5b6109d8848484610c9f565b90506106ff60015f5160206118ad5f395f51905f5255565b5f6109f9610af2565b835f03610a19576040516331b67a8960e01b815260040160405180910390fd5b6109d8848484610cf5565b5f610554610a3183610755565b5f610ac2565b5f610554825f610ac2565b5f610a4c82610d42565b610a5e57610a5982610dd5565b610554565b5f92915050565b5f610a6f82610d42565b610a5e57610a5982610de2565b5f6106ff610a88610495565b610a93906001611753565b610a9f6006600a611849565b600254610aac9190611753565b85919085610dff565b6109938383836001610e41565b5f6106ff610ad26006600a611849565b600254610adf9190611753565b610ae7610495565b610aac906001611753565b610afa610f13565b60025f5160206118ad5f395f51905f5255565b815f03610b2d576040516313f01e4f60e01b815260040160405180910390fd5b610b3a8585858585610f44565b5050505050565b6001600160a01b038381165f908152600160209081526040808320938616835292905220545f19811015610ba45781811015610b9657828183604051637dc7a0d960e11b8152600401610660939291906116f2565b610ba484848484035f610e41565b50505050565b6001600160a01b038316610bd357604051634b637e8f60e11b81525f6004820152602401610660565b6001600160a01b038216610bfc5760405163ec442f0560e01b81525f6004820152602401610660565b610993838383610fe3565b5f5f610c1283610755565b905080841115610c3b57828482604051633c8097d960e11b8152600401610660939291906116f2565b5f610c4585610a37565b90506107a733858784611068565b5f5f610c5e83610a24565b905080841115610c875782848260405163284ff66760e01b8152600401610660939291906116f2565b5f610c9185610998565b90506107a733858388611068565b5f5f610caa83610a42565b905080851115610cd357828582604051633fa733bb60e21b8152600401610660939291906116f2565b5f610cdd8661060c565b9050610cec3386868985610b0d565b95945050505050565b5f5f610d0083610a65565b905080851115610d2957828582604051632e52afbb60e21b8152600401610660939291906116f2565b5f610d33866105ea565b9050610cec338686848a610b0d565b6040516303b2006f60e51b81526001600160a01b0382811660048301525f9182917f000000000000000000000000000000000000000000000000000000000000000016906376400de090602401602060405180830381865afa158015610daa573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610dce91906116a3565b1192915050565b5f61055461024c83610a65565b6001600160a01b0381165f90815260208190526040812054610554565b5f610e2c610e0c83611094565b8015610e2757505f8480610e2257610e22611857565b868809115b151590565b610e378686866110c0565b610cec9190611753565b6001600160a01b038416610e6a5760405163e602df0560e01b81525f6004820152602401610660565b6001600160a01b038316610e9357604051634a1406b160e11b81525f6004820152602401610660565b6001600160a01b038085165f9081526001602090815260408083209387168352929052208290558015610ba457826001600160a01b0316846001600160a01b03167f8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b92584604051610f0591815260200190565b60405180910390a350505050565b5f5160206118ad5f395f51905f5254600203610f4257604051633ee5aeb560e01b815260040160405180910390fd5b565b826001600160a01b0316856001600160a01b031614610f6857610f68838683610b41565b610f728382611170565b610f7c84836111a8565b826001600160a01b0316846001600160a01b0316866001600160a01b03167ffbde797d201c681b91056529119e0b02407c7bb96a4a2c75c01fc9667232c8db8585604051610fd4929190918252602082015260400190565b60405180910390a45050505050565b6001600160a01b038316158015906110245750336001600160a01b037f00000000000000000000000000000000000000000000000000000000000000001614155b8015611034575061103483610d42565b1561105d5760405163b4074c9b60e01b81526001600160a01b0384166004820152602401610660565b6109938383836111d3565b805f0361108857604051636eb2f15d60e11b815260040160405180910390fd5b610ba4848484846112e6565b5f60028260038111156110a9576110a961186b565b6110b3919061187f565b60ff166001149050919050565b5f5f5f6110cd8686611348565b91509150815f036110f1578381816110e7576110e7611857565b04925050506106ff565b818411611108576111086003851502601118611364565b5f848688095f868103871696879004966002600389028118808a02820302808a02820302808a02820302808a02820302808a02820302808a02909103029181900381900460010185841190960395909502919093039390930492909217029150509392505050565b6001600160a01b03821661119957604051634b637e8f60e11b81525f6004820152602401610660565b6111a4825f83610fe3565b5050565b6111a47f00000000000000000000000000000000000000000000000000000000000000008383611375565b6001600160a01b0383166111fd578060025f8282546111f29190611753565b9091555061125a9050565b6001600160a01b0383165f908152602081905260409020548181101561123c5783818360405163391434e360e21b8152600401610660939291906116f2565b6001600160a01b0384165f9081526020819052604090209082900390555b6001600160a01b03821661127657600280548290039055611294565b6001600160a01b0382165f9081526020819052604090208054820190555b816001600160a01b0316836001600160a01b03167fddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef836040516112d991815260200190565b60405180910390a3505050565b6112f084836113aa565b6112fa83826113d6565b826001600160a01b0316846001600160a01b03167fdcbc1c05240f31ff3ad067ef1ee35ce4997762752e3a095284754544f4c709d78484604051610f05929190918252602082015260400190565b5f805f1983850993909202808410938190039390930393915050565b634e487b715f52806020526024601cfd5b611382838383600161140a565b61099357604051635274afe760e01b81526001600160a01b0384166004820152602401610660565b6111a47f000000000000000000000000000000000000000000000000000000000000000083308461146c565b6001600160a01b0382166113ff5760405163ec442f0560e01b81525f6004820152602401610660565b6111a45f8383610fe3565b60405163a9059cbb60e01b5f8181526001600160a01b038616600452602485905291602083604481808b5af1925060015f51148316611460578383151615611454573d5f823e3d81fd5b5f873b113d1516831692505b60405250949350505050565b61147a8484848460016114a2565b610ba457604051635274afe760e01b81526001600160a01b0385166004820152602401610660565b6040516323b872dd60e01b5f8181526001600160a01b038781166004528616602452604485905291602083606481808c5af1925060015f511483166114fe5783831516156114f2573d5f823e3d81fd5b5f883b113d1516831692505b604052505f60605295945050505050565b5f6020828403121561151f575f5ffd5b81356001600160e01b0319811681146106ff575f5ffd5b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b5f6020828403121561157b575f5ffd5b5035919050565b80356001600160a01b0381168114611598575f5ffd5b919050565b5f5f604083850312156115ae575f5ffd5b6115b783611582565b946020939093013593505050565b5f5f5f606084860312156115d7575f5ffd5b6115e084611582565b92506115ee60208501611582565b929592945050506040919091013590565b5f6020828403121561160f575f5ffd5b6106ff82611582565b5f5f60408385031215611629575f5ffd5b8235915061163960208401611582565b90509250929050565b5f5f5f60608486031215611654575f5ffd5b8335925061166460208501611582565b915061167260408501611582565b90509250925092565b5f5f6040838503121561168c575f5ffd5b61169583611582565b915061163960208401611582565b5f602082840312156116b3575f5ffd5b5051919050565b600181811c908216806116ce57607f821691505b6020821081036116ec57634e487b7160e01b5f52602260045260245ffd5b50919050565b6001600160a01b039390931683526020830191909152604082015260600190565b634e487b7160e01b5f52601160045260245ffd5b60ff818116838216019081111561055457610554611713565b8181038181111561055457610554611713565b8082018082111561055457610554611713565b6001815b60018411156117a15780850481111561178557611785611713565b600184161561179357908102905b60019390931c92800261176a565b935093915050565b5f826117b757506001610554565b816117c357505f610554565b81600181146117d957600281146117e3576117ff565b6001915050610554565b60ff8411156117f4576117f4611713565b50506001821b610554565b5060208310610133831016604e8410600b8410161715611822575081810a610554565b61182e5f198484611766565b805f190482111561184157611841611713565b029392505050565b5f6106ff60ff8416836117a9565b634e487b7160e01b5f52601260045260245ffd5b634e487b7160e01b5f52602160045260245ffd5b5f60ff83168061189d57634e487b7160e01b5f52601260045260245ffd5b8060ff8416069150509291505056fe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a164736f6c6343000825000a",
}

// UCTVaultABI is the input ABI used to generate the binding from.
// Deprecated: Use UCTVaultMetaData.ABI instead.
var UCTVaultABI = UCTVaultMetaData.ABI

// UCTVaultBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use UCTVaultMetaData.Bin instead.
var UCTVaultBin = UCTVaultMetaData.Bin

// DeployUCTVault deploys a new Ethereum contract, binding an instance of UCTVault to it.
func DeployUCTVault(auth *bind.TransactOpts, backend bind.ContractBackend, asset_ common.Address, master_ common.Address, name_ string, symbol_ string) (common.Address, *types.Transaction, *UCTVault, error) {
	parsed, err := UCTVaultMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(UCTVaultBin), backend, asset_, master_, name_, symbol_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &UCTVault{UCTVaultCaller: UCTVaultCaller{contract: contract}, UCTVaultTransactor: UCTVaultTransactor{contract: contract}, UCTVaultFilterer: UCTVaultFilterer{contract: contract}}, nil
}

// UCTVault is an auto generated Go binding around an Ethereum contract.
type UCTVault struct {
	UCTVaultCaller     // Read-only binding to the contract
	UCTVaultTransactor // Write-only binding to the contract
	UCTVaultFilterer   // Log filterer for contract events
}

// UCTVaultCaller is an auto generated read-only Go binding around an Ethereum contract.
type UCTVaultCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// UCTVaultTransactor is an auto generated write-only Go binding around an Ethereum contract.
type UCTVaultTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// UCTVaultFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type UCTVaultFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// UCTVaultSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type UCTVaultSession struct {
	Contract     *UCTVault         // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// UCTVaultCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type UCTVaultCallerSession struct {
	Contract *UCTVaultCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts   // Call options to use throughout this session
}

// UCTVaultTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type UCTVaultTransactorSession struct {
	Contract     *UCTVaultTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts   // Transaction auth options to use throughout this session
}

// UCTVaultRaw is an auto generated low-level Go binding around an Ethereum contract.
type UCTVaultRaw struct {
	Contract *UCTVault // Generic contract binding to access the raw methods on
}

// UCTVaultCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type UCTVaultCallerRaw struct {
	Contract *UCTVaultCaller // Generic read-only contract binding to access the raw methods on
}

// UCTVaultTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type UCTVaultTransactorRaw struct {
	Contract *UCTVaultTransactor // Generic write-only contract binding to access the raw methods on
}

// NewUCTVault creates a new instance of UCTVault, bound to a specific deployed contract.
func NewUCTVault(address common.Address, backend bind.ContractBackend) (*UCTVault, error) {
	contract, err := bindUCTVault(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &UCTVault{UCTVaultCaller: UCTVaultCaller{contract: contract}, UCTVaultTransactor: UCTVaultTransactor{contract: contract}, UCTVaultFilterer: UCTVaultFilterer{contract: contract}}, nil
}

// NewUCTVaultCaller creates a new read-only instance of UCTVault, bound to a specific deployed contract.
func NewUCTVaultCaller(address common.Address, caller bind.ContractCaller) (*UCTVaultCaller, error) {
	contract, err := bindUCTVault(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &UCTVaultCaller{contract: contract}, nil
}

// NewUCTVaultTransactor creates a new write-only instance of UCTVault, bound to a specific deployed contract.
func NewUCTVaultTransactor(address common.Address, transactor bind.ContractTransactor) (*UCTVaultTransactor, error) {
	contract, err := bindUCTVault(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &UCTVaultTransactor{contract: contract}, nil
}

// NewUCTVaultFilterer creates a new log filterer instance of UCTVault, bound to a specific deployed contract.
func NewUCTVaultFilterer(address common.Address, filterer bind.ContractFilterer) (*UCTVaultFilterer, error) {
	contract, err := bindUCTVault(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &UCTVaultFilterer{contract: contract}, nil
}

// bindUCTVault binds a generic wrapper to an already deployed contract.
func bindUCTVault(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := UCTVaultMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_UCTVault *UCTVaultRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _UCTVault.Contract.UCTVaultCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_UCTVault *UCTVaultRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _UCTVault.Contract.UCTVaultTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_UCTVault *UCTVaultRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _UCTVault.Contract.UCTVaultTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_UCTVault *UCTVaultCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _UCTVault.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_UCTVault *UCTVaultTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _UCTVault.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_UCTVault *UCTVaultTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _UCTVault.Contract.contract.Transact(opts, method, params...)
}

// MAXTOTAL is a free data retrieval call binding the contract method 0xcd60fe35.
//
// Solidity: function MAX_TOTAL() view returns(uint256)
func (_UCTVault *UCTVaultCaller) MAXTOTAL(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "MAX_TOTAL")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MAXTOTAL is a free data retrieval call binding the contract method 0xcd60fe35.
//
// Solidity: function MAX_TOTAL() view returns(uint256)
func (_UCTVault *UCTVaultSession) MAXTOTAL() (*big.Int, error) {
	return _UCTVault.Contract.MAXTOTAL(&_UCTVault.CallOpts)
}

// MAXTOTAL is a free data retrieval call binding the contract method 0xcd60fe35.
//
// Solidity: function MAX_TOTAL() view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) MAXTOTAL() (*big.Int, error) {
	return _UCTVault.Contract.MAXTOTAL(&_UCTVault.CallOpts)
}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_UCTVault *UCTVaultCaller) Allowance(opts *bind.CallOpts, owner common.Address, spender common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "allowance", owner, spender)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_UCTVault *UCTVaultSession) Allowance(owner common.Address, spender common.Address) (*big.Int, error) {
	return _UCTVault.Contract.Allowance(&_UCTVault.CallOpts, owner, spender)
}

// Allowance is a free data retrieval call binding the contract method 0xdd62ed3e.
//
// Solidity: function allowance(address owner, address spender) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) Allowance(owner common.Address, spender common.Address) (*big.Int, error) {
	return _UCTVault.Contract.Allowance(&_UCTVault.CallOpts, owner, spender)
}

// Asset is a free data retrieval call binding the contract method 0x38d52e0f.
//
// Solidity: function asset() view returns(address)
func (_UCTVault *UCTVaultCaller) Asset(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "asset")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Asset is a free data retrieval call binding the contract method 0x38d52e0f.
//
// Solidity: function asset() view returns(address)
func (_UCTVault *UCTVaultSession) Asset() (common.Address, error) {
	return _UCTVault.Contract.Asset(&_UCTVault.CallOpts)
}

// Asset is a free data retrieval call binding the contract method 0x38d52e0f.
//
// Solidity: function asset() view returns(address)
func (_UCTVault *UCTVaultCallerSession) Asset() (common.Address, error) {
	return _UCTVault.Contract.Asset(&_UCTVault.CallOpts)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_UCTVault *UCTVaultCaller) BalanceOf(opts *bind.CallOpts, account common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "balanceOf", account)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_UCTVault *UCTVaultSession) BalanceOf(account common.Address) (*big.Int, error) {
	return _UCTVault.Contract.BalanceOf(&_UCTVault.CallOpts, account)
}

// BalanceOf is a free data retrieval call binding the contract method 0x70a08231.
//
// Solidity: function balanceOf(address account) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) BalanceOf(account common.Address) (*big.Int, error) {
	return _UCTVault.Contract.BalanceOf(&_UCTVault.CallOpts, account)
}

// ConvertToAssets is a free data retrieval call binding the contract method 0x07a2d13a.
//
// Solidity: function convertToAssets(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCaller) ConvertToAssets(opts *bind.CallOpts, shares *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "convertToAssets", shares)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// ConvertToAssets is a free data retrieval call binding the contract method 0x07a2d13a.
//
// Solidity: function convertToAssets(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultSession) ConvertToAssets(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.ConvertToAssets(&_UCTVault.CallOpts, shares)
}

// ConvertToAssets is a free data retrieval call binding the contract method 0x07a2d13a.
//
// Solidity: function convertToAssets(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) ConvertToAssets(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.ConvertToAssets(&_UCTVault.CallOpts, shares)
}

// ConvertToShares is a free data retrieval call binding the contract method 0xc6e6f592.
//
// Solidity: function convertToShares(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCaller) ConvertToShares(opts *bind.CallOpts, assets *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "convertToShares", assets)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// ConvertToShares is a free data retrieval call binding the contract method 0xc6e6f592.
//
// Solidity: function convertToShares(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultSession) ConvertToShares(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.ConvertToShares(&_UCTVault.CallOpts, assets)
}

// ConvertToShares is a free data retrieval call binding the contract method 0xc6e6f592.
//
// Solidity: function convertToShares(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) ConvertToShares(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.ConvertToShares(&_UCTVault.CallOpts, assets)
}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (_UCTVault *UCTVaultCaller) Decimals(opts *bind.CallOpts) (uint8, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "decimals")

	if err != nil {
		return *new(uint8), err
	}

	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)

	return out0, err

}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (_UCTVault *UCTVaultSession) Decimals() (uint8, error) {
	return _UCTVault.Contract.Decimals(&_UCTVault.CallOpts)
}

// Decimals is a free data retrieval call binding the contract method 0x313ce567.
//
// Solidity: function decimals() view returns(uint8)
func (_UCTVault *UCTVaultCallerSession) Decimals() (uint8, error) {
	return _UCTVault.Contract.Decimals(&_UCTVault.CallOpts)
}

// Master is a free data retrieval call binding the contract method 0xee97f7f3.
//
// Solidity: function master() view returns(address)
func (_UCTVault *UCTVaultCaller) Master(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "master")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Master is a free data retrieval call binding the contract method 0xee97f7f3.
//
// Solidity: function master() view returns(address)
func (_UCTVault *UCTVaultSession) Master() (common.Address, error) {
	return _UCTVault.Contract.Master(&_UCTVault.CallOpts)
}

// Master is a free data retrieval call binding the contract method 0xee97f7f3.
//
// Solidity: function master() view returns(address)
func (_UCTVault *UCTVaultCallerSession) Master() (common.Address, error) {
	return _UCTVault.Contract.Master(&_UCTVault.CallOpts)
}

// MaxDeposit is a free data retrieval call binding the contract method 0x402d267d.
//
// Solidity: function maxDeposit(address ) view returns(uint256)
func (_UCTVault *UCTVaultCaller) MaxDeposit(opts *bind.CallOpts, arg0 common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "maxDeposit", arg0)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MaxDeposit is a free data retrieval call binding the contract method 0x402d267d.
//
// Solidity: function maxDeposit(address ) view returns(uint256)
func (_UCTVault *UCTVaultSession) MaxDeposit(arg0 common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxDeposit(&_UCTVault.CallOpts, arg0)
}

// MaxDeposit is a free data retrieval call binding the contract method 0x402d267d.
//
// Solidity: function maxDeposit(address ) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) MaxDeposit(arg0 common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxDeposit(&_UCTVault.CallOpts, arg0)
}

// MaxMint is a free data retrieval call binding the contract method 0xc63d75b6.
//
// Solidity: function maxMint(address receiver) view returns(uint256)
func (_UCTVault *UCTVaultCaller) MaxMint(opts *bind.CallOpts, receiver common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "maxMint", receiver)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MaxMint is a free data retrieval call binding the contract method 0xc63d75b6.
//
// Solidity: function maxMint(address receiver) view returns(uint256)
func (_UCTVault *UCTVaultSession) MaxMint(receiver common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxMint(&_UCTVault.CallOpts, receiver)
}

// MaxMint is a free data retrieval call binding the contract method 0xc63d75b6.
//
// Solidity: function maxMint(address receiver) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) MaxMint(receiver common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxMint(&_UCTVault.CallOpts, receiver)
}

// MaxRedeem is a free data retrieval call binding the contract method 0xd905777e.
//
// Solidity: function maxRedeem(address owner) view returns(uint256)
func (_UCTVault *UCTVaultCaller) MaxRedeem(opts *bind.CallOpts, owner common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "maxRedeem", owner)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MaxRedeem is a free data retrieval call binding the contract method 0xd905777e.
//
// Solidity: function maxRedeem(address owner) view returns(uint256)
func (_UCTVault *UCTVaultSession) MaxRedeem(owner common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxRedeem(&_UCTVault.CallOpts, owner)
}

// MaxRedeem is a free data retrieval call binding the contract method 0xd905777e.
//
// Solidity: function maxRedeem(address owner) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) MaxRedeem(owner common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxRedeem(&_UCTVault.CallOpts, owner)
}

// MaxWithdraw is a free data retrieval call binding the contract method 0xce96cb77.
//
// Solidity: function maxWithdraw(address owner) view returns(uint256)
func (_UCTVault *UCTVaultCaller) MaxWithdraw(opts *bind.CallOpts, owner common.Address) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "maxWithdraw", owner)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// MaxWithdraw is a free data retrieval call binding the contract method 0xce96cb77.
//
// Solidity: function maxWithdraw(address owner) view returns(uint256)
func (_UCTVault *UCTVaultSession) MaxWithdraw(owner common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxWithdraw(&_UCTVault.CallOpts, owner)
}

// MaxWithdraw is a free data retrieval call binding the contract method 0xce96cb77.
//
// Solidity: function maxWithdraw(address owner) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) MaxWithdraw(owner common.Address) (*big.Int, error) {
	return _UCTVault.Contract.MaxWithdraw(&_UCTVault.CallOpts, owner)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_UCTVault *UCTVaultCaller) Name(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "name")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_UCTVault *UCTVaultSession) Name() (string, error) {
	return _UCTVault.Contract.Name(&_UCTVault.CallOpts)
}

// Name is a free data retrieval call binding the contract method 0x06fdde03.
//
// Solidity: function name() view returns(string)
func (_UCTVault *UCTVaultCallerSession) Name() (string, error) {
	return _UCTVault.Contract.Name(&_UCTVault.CallOpts)
}

// PreviewDeposit is a free data retrieval call binding the contract method 0xef8b30f7.
//
// Solidity: function previewDeposit(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCaller) PreviewDeposit(opts *bind.CallOpts, assets *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "previewDeposit", assets)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// PreviewDeposit is a free data retrieval call binding the contract method 0xef8b30f7.
//
// Solidity: function previewDeposit(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultSession) PreviewDeposit(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewDeposit(&_UCTVault.CallOpts, assets)
}

// PreviewDeposit is a free data retrieval call binding the contract method 0xef8b30f7.
//
// Solidity: function previewDeposit(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) PreviewDeposit(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewDeposit(&_UCTVault.CallOpts, assets)
}

// PreviewMint is a free data retrieval call binding the contract method 0xb3d7f6b9.
//
// Solidity: function previewMint(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCaller) PreviewMint(opts *bind.CallOpts, shares *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "previewMint", shares)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// PreviewMint is a free data retrieval call binding the contract method 0xb3d7f6b9.
//
// Solidity: function previewMint(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultSession) PreviewMint(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewMint(&_UCTVault.CallOpts, shares)
}

// PreviewMint is a free data retrieval call binding the contract method 0xb3d7f6b9.
//
// Solidity: function previewMint(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) PreviewMint(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewMint(&_UCTVault.CallOpts, shares)
}

// PreviewRedeem is a free data retrieval call binding the contract method 0x4cdad506.
//
// Solidity: function previewRedeem(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCaller) PreviewRedeem(opts *bind.CallOpts, shares *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "previewRedeem", shares)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// PreviewRedeem is a free data retrieval call binding the contract method 0x4cdad506.
//
// Solidity: function previewRedeem(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultSession) PreviewRedeem(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewRedeem(&_UCTVault.CallOpts, shares)
}

// PreviewRedeem is a free data retrieval call binding the contract method 0x4cdad506.
//
// Solidity: function previewRedeem(uint256 shares) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) PreviewRedeem(shares *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewRedeem(&_UCTVault.CallOpts, shares)
}

// PreviewWithdraw is a free data retrieval call binding the contract method 0x0a28a477.
//
// Solidity: function previewWithdraw(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCaller) PreviewWithdraw(opts *bind.CallOpts, assets *big.Int) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "previewWithdraw", assets)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// PreviewWithdraw is a free data retrieval call binding the contract method 0x0a28a477.
//
// Solidity: function previewWithdraw(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultSession) PreviewWithdraw(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewWithdraw(&_UCTVault.CallOpts, assets)
}

// PreviewWithdraw is a free data retrieval call binding the contract method 0x0a28a477.
//
// Solidity: function previewWithdraw(uint256 assets) view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) PreviewWithdraw(assets *big.Int) (*big.Int, error) {
	return _UCTVault.Contract.PreviewWithdraw(&_UCTVault.CallOpts, assets)
}

// Share is a free data retrieval call binding the contract method 0xa8d5fd65.
//
// Solidity: function share() view returns(address)
func (_UCTVault *UCTVaultCaller) Share(opts *bind.CallOpts) (common.Address, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "share")

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// Share is a free data retrieval call binding the contract method 0xa8d5fd65.
//
// Solidity: function share() view returns(address)
func (_UCTVault *UCTVaultSession) Share() (common.Address, error) {
	return _UCTVault.Contract.Share(&_UCTVault.CallOpts)
}

// Share is a free data retrieval call binding the contract method 0xa8d5fd65.
//
// Solidity: function share() view returns(address)
func (_UCTVault *UCTVaultCallerSession) Share() (common.Address, error) {
	return _UCTVault.Contract.Share(&_UCTVault.CallOpts)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (_UCTVault *UCTVaultCaller) SupportsInterface(opts *bind.CallOpts, id [4]byte) (bool, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "supportsInterface", id)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (_UCTVault *UCTVaultSession) SupportsInterface(id [4]byte) (bool, error) {
	return _UCTVault.Contract.SupportsInterface(&_UCTVault.CallOpts, id)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 id) pure returns(bool)
func (_UCTVault *UCTVaultCallerSession) SupportsInterface(id [4]byte) (bool, error) {
	return _UCTVault.Contract.SupportsInterface(&_UCTVault.CallOpts, id)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_UCTVault *UCTVaultCaller) Symbol(opts *bind.CallOpts) (string, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "symbol")

	if err != nil {
		return *new(string), err
	}

	out0 := *abi.ConvertType(out[0], new(string)).(*string)

	return out0, err

}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_UCTVault *UCTVaultSession) Symbol() (string, error) {
	return _UCTVault.Contract.Symbol(&_UCTVault.CallOpts)
}

// Symbol is a free data retrieval call binding the contract method 0x95d89b41.
//
// Solidity: function symbol() view returns(string)
func (_UCTVault *UCTVaultCallerSession) Symbol() (string, error) {
	return _UCTVault.Contract.Symbol(&_UCTVault.CallOpts)
}

// TotalAssets is a free data retrieval call binding the contract method 0x01e1d114.
//
// Solidity: function totalAssets() view returns(uint256)
func (_UCTVault *UCTVaultCaller) TotalAssets(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "totalAssets")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalAssets is a free data retrieval call binding the contract method 0x01e1d114.
//
// Solidity: function totalAssets() view returns(uint256)
func (_UCTVault *UCTVaultSession) TotalAssets() (*big.Int, error) {
	return _UCTVault.Contract.TotalAssets(&_UCTVault.CallOpts)
}

// TotalAssets is a free data retrieval call binding the contract method 0x01e1d114.
//
// Solidity: function totalAssets() view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) TotalAssets() (*big.Int, error) {
	return _UCTVault.Contract.TotalAssets(&_UCTVault.CallOpts)
}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_UCTVault *UCTVaultCaller) TotalSupply(opts *bind.CallOpts) (*big.Int, error) {
	var out []interface{}
	err := _UCTVault.contract.Call(opts, &out, "totalSupply")

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_UCTVault *UCTVaultSession) TotalSupply() (*big.Int, error) {
	return _UCTVault.Contract.TotalSupply(&_UCTVault.CallOpts)
}

// TotalSupply is a free data retrieval call binding the contract method 0x18160ddd.
//
// Solidity: function totalSupply() view returns(uint256)
func (_UCTVault *UCTVaultCallerSession) TotalSupply() (*big.Int, error) {
	return _UCTVault.Contract.TotalSupply(&_UCTVault.CallOpts)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactor) Approve(opts *bind.TransactOpts, spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "approve", spender, value)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_UCTVault *UCTVaultSession) Approve(spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Approve(&_UCTVault.TransactOpts, spender, value)
}

// Approve is a paid mutator transaction binding the contract method 0x095ea7b3.
//
// Solidity: function approve(address spender, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactorSession) Approve(spender common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Approve(&_UCTVault.TransactOpts, spender, value)
}

// Deposit is a paid mutator transaction binding the contract method 0x6e553f65.
//
// Solidity: function deposit(uint256 assets, address receiver) returns(uint256)
func (_UCTVault *UCTVaultTransactor) Deposit(opts *bind.TransactOpts, assets *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "deposit", assets, receiver)
}

// Deposit is a paid mutator transaction binding the contract method 0x6e553f65.
//
// Solidity: function deposit(uint256 assets, address receiver) returns(uint256)
func (_UCTVault *UCTVaultSession) Deposit(assets *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Deposit(&_UCTVault.TransactOpts, assets, receiver)
}

// Deposit is a paid mutator transaction binding the contract method 0x6e553f65.
//
// Solidity: function deposit(uint256 assets, address receiver) returns(uint256)
func (_UCTVault *UCTVaultTransactorSession) Deposit(assets *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Deposit(&_UCTVault.TransactOpts, assets, receiver)
}

// Mint is a paid mutator transaction binding the contract method 0x94bf804d.
//
// Solidity: function mint(uint256 shares, address receiver) returns(uint256)
func (_UCTVault *UCTVaultTransactor) Mint(opts *bind.TransactOpts, shares *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "mint", shares, receiver)
}

// Mint is a paid mutator transaction binding the contract method 0x94bf804d.
//
// Solidity: function mint(uint256 shares, address receiver) returns(uint256)
func (_UCTVault *UCTVaultSession) Mint(shares *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Mint(&_UCTVault.TransactOpts, shares, receiver)
}

// Mint is a paid mutator transaction binding the contract method 0x94bf804d.
//
// Solidity: function mint(uint256 shares, address receiver) returns(uint256)
func (_UCTVault *UCTVaultTransactorSession) Mint(shares *big.Int, receiver common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Mint(&_UCTVault.TransactOpts, shares, receiver)
}

// Redeem is a paid mutator transaction binding the contract method 0xba087652.
//
// Solidity: function redeem(uint256 shares, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultTransactor) Redeem(opts *bind.TransactOpts, shares *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "redeem", shares, receiver, owner)
}

// Redeem is a paid mutator transaction binding the contract method 0xba087652.
//
// Solidity: function redeem(uint256 shares, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultSession) Redeem(shares *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Redeem(&_UCTVault.TransactOpts, shares, receiver, owner)
}

// Redeem is a paid mutator transaction binding the contract method 0xba087652.
//
// Solidity: function redeem(uint256 shares, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultTransactorSession) Redeem(shares *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Redeem(&_UCTVault.TransactOpts, shares, receiver, owner)
}

// RedeemFor is a paid mutator transaction binding the contract method 0x11b4c657.
//
// Solidity: function redeemFor(address owner, address receiver, uint256 shares) returns(uint256 assets)
func (_UCTVault *UCTVaultTransactor) RedeemFor(opts *bind.TransactOpts, owner common.Address, receiver common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "redeemFor", owner, receiver, shares)
}

// RedeemFor is a paid mutator transaction binding the contract method 0x11b4c657.
//
// Solidity: function redeemFor(address owner, address receiver, uint256 shares) returns(uint256 assets)
func (_UCTVault *UCTVaultSession) RedeemFor(owner common.Address, receiver common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.RedeemFor(&_UCTVault.TransactOpts, owner, receiver, shares)
}

// RedeemFor is a paid mutator transaction binding the contract method 0x11b4c657.
//
// Solidity: function redeemFor(address owner, address receiver, uint256 shares) returns(uint256 assets)
func (_UCTVault *UCTVaultTransactorSession) RedeemFor(owner common.Address, receiver common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.RedeemFor(&_UCTVault.TransactOpts, owner, receiver, shares)
}

// Seize is a paid mutator transaction binding the contract method 0xb2a02ff1.
//
// Solidity: function seize(address account, address venue, uint256 shares) returns()
func (_UCTVault *UCTVaultTransactor) Seize(opts *bind.TransactOpts, account common.Address, venue common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "seize", account, venue, shares)
}

// Seize is a paid mutator transaction binding the contract method 0xb2a02ff1.
//
// Solidity: function seize(address account, address venue, uint256 shares) returns()
func (_UCTVault *UCTVaultSession) Seize(account common.Address, venue common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Seize(&_UCTVault.TransactOpts, account, venue, shares)
}

// Seize is a paid mutator transaction binding the contract method 0xb2a02ff1.
//
// Solidity: function seize(address account, address venue, uint256 shares) returns()
func (_UCTVault *UCTVaultTransactorSession) Seize(account common.Address, venue common.Address, shares *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Seize(&_UCTVault.TransactOpts, account, venue, shares)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactor) Transfer(opts *bind.TransactOpts, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "transfer", to, value)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultSession) Transfer(to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Transfer(&_UCTVault.TransactOpts, to, value)
}

// Transfer is a paid mutator transaction binding the contract method 0xa9059cbb.
//
// Solidity: function transfer(address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactorSession) Transfer(to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.Transfer(&_UCTVault.TransactOpts, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactor) TransferFrom(opts *bind.TransactOpts, from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "transferFrom", from, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultSession) TransferFrom(from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.TransferFrom(&_UCTVault.TransactOpts, from, to, value)
}

// TransferFrom is a paid mutator transaction binding the contract method 0x23b872dd.
//
// Solidity: function transferFrom(address from, address to, uint256 value) returns(bool)
func (_UCTVault *UCTVaultTransactorSession) TransferFrom(from common.Address, to common.Address, value *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.TransferFrom(&_UCTVault.TransactOpts, from, to, value)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb460af94.
//
// Solidity: function withdraw(uint256 assets, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultTransactor) Withdraw(opts *bind.TransactOpts, assets *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "withdraw", assets, receiver, owner)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb460af94.
//
// Solidity: function withdraw(uint256 assets, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultSession) Withdraw(assets *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Withdraw(&_UCTVault.TransactOpts, assets, receiver, owner)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb460af94.
//
// Solidity: function withdraw(uint256 assets, address receiver, address owner) returns(uint256)
func (_UCTVault *UCTVaultTransactorSession) Withdraw(assets *big.Int, receiver common.Address, owner common.Address) (*types.Transaction, error) {
	return _UCTVault.Contract.Withdraw(&_UCTVault.TransactOpts, assets, receiver, owner)
}

// WithdrawFor is a paid mutator transaction binding the contract method 0x9f1d9267.
//
// Solidity: function withdrawFor(address owner, address receiver, uint256 assets) returns(uint256 shares)
func (_UCTVault *UCTVaultTransactor) WithdrawFor(opts *bind.TransactOpts, owner common.Address, receiver common.Address, assets *big.Int) (*types.Transaction, error) {
	return _UCTVault.contract.Transact(opts, "withdrawFor", owner, receiver, assets)
}

// WithdrawFor is a paid mutator transaction binding the contract method 0x9f1d9267.
//
// Solidity: function withdrawFor(address owner, address receiver, uint256 assets) returns(uint256 shares)
func (_UCTVault *UCTVaultSession) WithdrawFor(owner common.Address, receiver common.Address, assets *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.WithdrawFor(&_UCTVault.TransactOpts, owner, receiver, assets)
}

// WithdrawFor is a paid mutator transaction binding the contract method 0x9f1d9267.
//
// Solidity: function withdrawFor(address owner, address receiver, uint256 assets) returns(uint256 shares)
func (_UCTVault *UCTVaultTransactorSession) WithdrawFor(owner common.Address, receiver common.Address, assets *big.Int) (*types.Transaction, error) {
	return _UCTVault.Contract.WithdrawFor(&_UCTVault.TransactOpts, owner, receiver, assets)
}

// UCTVaultApprovalIterator is returned from FilterApproval and is used to iterate over the raw logs and unpacked data for Approval events raised by the UCTVault contract.
type UCTVaultApprovalIterator struct {
	Event *UCTVaultApproval // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *UCTVaultApprovalIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(UCTVaultApproval)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(UCTVaultApproval)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *UCTVaultApprovalIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *UCTVaultApprovalIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// UCTVaultApproval represents a Approval event raised by the UCTVault contract.
type UCTVaultApproval struct {
	Owner   common.Address
	Spender common.Address
	Value   *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterApproval is a free log retrieval operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_UCTVault *UCTVaultFilterer) FilterApproval(opts *bind.FilterOpts, owner []common.Address, spender []common.Address) (*UCTVaultApprovalIterator, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var spenderRule []interface{}
	for _, spenderItem := range spender {
		spenderRule = append(spenderRule, spenderItem)
	}

	logs, sub, err := _UCTVault.contract.FilterLogs(opts, "Approval", ownerRule, spenderRule)
	if err != nil {
		return nil, err
	}
	return &UCTVaultApprovalIterator{contract: _UCTVault.contract, event: "Approval", logs: logs, sub: sub}, nil
}

// WatchApproval is a free log subscription operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_UCTVault *UCTVaultFilterer) WatchApproval(opts *bind.WatchOpts, sink chan<- *UCTVaultApproval, owner []common.Address, spender []common.Address) (event.Subscription, error) {

	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}
	var spenderRule []interface{}
	for _, spenderItem := range spender {
		spenderRule = append(spenderRule, spenderItem)
	}

	logs, sub, err := _UCTVault.contract.WatchLogs(opts, "Approval", ownerRule, spenderRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(UCTVaultApproval)
				if err := _UCTVault.contract.UnpackLog(event, "Approval", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseApproval is a log parse operation binding the contract event 0x8c5be1e5ebec7d5bd14f71427d1e84f3dd0314c0f7b2291e5b200ac8c7c3b925.
//
// Solidity: event Approval(address indexed owner, address indexed spender, uint256 value)
func (_UCTVault *UCTVaultFilterer) ParseApproval(log types.Log) (*UCTVaultApproval, error) {
	event := new(UCTVaultApproval)
	if err := _UCTVault.contract.UnpackLog(event, "Approval", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// UCTVaultDepositIterator is returned from FilterDeposit and is used to iterate over the raw logs and unpacked data for Deposit events raised by the UCTVault contract.
type UCTVaultDepositIterator struct {
	Event *UCTVaultDeposit // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *UCTVaultDepositIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(UCTVaultDeposit)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(UCTVaultDeposit)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *UCTVaultDepositIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *UCTVaultDepositIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// UCTVaultDeposit represents a Deposit event raised by the UCTVault contract.
type UCTVaultDeposit struct {
	Sender common.Address
	Owner  common.Address
	Assets *big.Int
	Shares *big.Int
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterDeposit is a free log retrieval operation binding the contract event 0xdcbc1c05240f31ff3ad067ef1ee35ce4997762752e3a095284754544f4c709d7.
//
// Solidity: event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) FilterDeposit(opts *bind.FilterOpts, sender []common.Address, owner []common.Address) (*UCTVaultDepositIterator, error) {

	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _UCTVault.contract.FilterLogs(opts, "Deposit", senderRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &UCTVaultDepositIterator{contract: _UCTVault.contract, event: "Deposit", logs: logs, sub: sub}, nil
}

// WatchDeposit is a free log subscription operation binding the contract event 0xdcbc1c05240f31ff3ad067ef1ee35ce4997762752e3a095284754544f4c709d7.
//
// Solidity: event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) WatchDeposit(opts *bind.WatchOpts, sink chan<- *UCTVaultDeposit, sender []common.Address, owner []common.Address) (event.Subscription, error) {

	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _UCTVault.contract.WatchLogs(opts, "Deposit", senderRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(UCTVaultDeposit)
				if err := _UCTVault.contract.UnpackLog(event, "Deposit", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseDeposit is a log parse operation binding the contract event 0xdcbc1c05240f31ff3ad067ef1ee35ce4997762752e3a095284754544f4c709d7.
//
// Solidity: event Deposit(address indexed sender, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) ParseDeposit(log types.Log) (*UCTVaultDeposit, error) {
	event := new(UCTVaultDeposit)
	if err := _UCTVault.contract.UnpackLog(event, "Deposit", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// UCTVaultTransferIterator is returned from FilterTransfer and is used to iterate over the raw logs and unpacked data for Transfer events raised by the UCTVault contract.
type UCTVaultTransferIterator struct {
	Event *UCTVaultTransfer // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *UCTVaultTransferIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(UCTVaultTransfer)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(UCTVaultTransfer)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *UCTVaultTransferIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *UCTVaultTransferIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// UCTVaultTransfer represents a Transfer event raised by the UCTVault contract.
type UCTVaultTransfer struct {
	From  common.Address
	To    common.Address
	Value *big.Int
	Raw   types.Log // Blockchain specific contextual infos
}

// FilterTransfer is a free log retrieval operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_UCTVault *UCTVaultFilterer) FilterTransfer(opts *bind.FilterOpts, from []common.Address, to []common.Address) (*UCTVaultTransferIterator, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _UCTVault.contract.FilterLogs(opts, "Transfer", fromRule, toRule)
	if err != nil {
		return nil, err
	}
	return &UCTVaultTransferIterator{contract: _UCTVault.contract, event: "Transfer", logs: logs, sub: sub}, nil
}

// WatchTransfer is a free log subscription operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_UCTVault *UCTVaultFilterer) WatchTransfer(opts *bind.WatchOpts, sink chan<- *UCTVaultTransfer, from []common.Address, to []common.Address) (event.Subscription, error) {

	var fromRule []interface{}
	for _, fromItem := range from {
		fromRule = append(fromRule, fromItem)
	}
	var toRule []interface{}
	for _, toItem := range to {
		toRule = append(toRule, toItem)
	}

	logs, sub, err := _UCTVault.contract.WatchLogs(opts, "Transfer", fromRule, toRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(UCTVaultTransfer)
				if err := _UCTVault.contract.UnpackLog(event, "Transfer", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseTransfer is a log parse operation binding the contract event 0xddf252ad1be2c89b69c2b068fc378daa952ba7f163c4a11628f55a4df523b3ef.
//
// Solidity: event Transfer(address indexed from, address indexed to, uint256 value)
func (_UCTVault *UCTVaultFilterer) ParseTransfer(log types.Log) (*UCTVaultTransfer, error) {
	event := new(UCTVaultTransfer)
	if err := _UCTVault.contract.UnpackLog(event, "Transfer", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// UCTVaultWithdrawIterator is returned from FilterWithdraw and is used to iterate over the raw logs and unpacked data for Withdraw events raised by the UCTVault contract.
type UCTVaultWithdrawIterator struct {
	Event *UCTVaultWithdraw // Event containing the contract specifics and raw log

	contract *bind.BoundContract // Generic contract to use for unpacking event data
	event    string              // Event name to use for unpacking event data

	logs chan types.Log        // Log channel receiving the found contract events
	sub  ethereum.Subscription // Subscription for errors, completion and termination
	done bool                  // Whether the subscription completed delivering logs
	fail error                 // Occurred error to stop iteration
}

// Next advances the iterator to the subsequent event, returning whether there
// are any more events found. In case of a retrieval or parsing error, false is
// returned and Error() can be queried for the exact failure.
func (it *UCTVaultWithdrawIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(UCTVaultWithdraw)
			if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
				it.fail = err
				return false
			}
			it.Event.Raw = log
			return true

		default:
			return false
		}
	}
	// Iterator still in progress, wait for either a data or an error event
	select {
	case log := <-it.logs:
		it.Event = new(UCTVaultWithdraw)
		if err := it.contract.UnpackLog(it.Event, it.event, log); err != nil {
			it.fail = err
			return false
		}
		it.Event.Raw = log
		return true

	case err := <-it.sub.Err():
		it.done = true
		it.fail = err
		return it.Next()
	}
}

// Error returns any retrieval or parsing error occurred during filtering.
func (it *UCTVaultWithdrawIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *UCTVaultWithdrawIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// UCTVaultWithdraw represents a Withdraw event raised by the UCTVault contract.
type UCTVaultWithdraw struct {
	Sender   common.Address
	Receiver common.Address
	Owner    common.Address
	Assets   *big.Int
	Shares   *big.Int
	Raw      types.Log // Blockchain specific contextual infos
}

// FilterWithdraw is a free log retrieval operation binding the contract event 0xfbde797d201c681b91056529119e0b02407c7bb96a4a2c75c01fc9667232c8db.
//
// Solidity: event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) FilterWithdraw(opts *bind.FilterOpts, sender []common.Address, receiver []common.Address, owner []common.Address) (*UCTVaultWithdrawIterator, error) {

	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}
	var receiverRule []interface{}
	for _, receiverItem := range receiver {
		receiverRule = append(receiverRule, receiverItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _UCTVault.contract.FilterLogs(opts, "Withdraw", senderRule, receiverRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return &UCTVaultWithdrawIterator{contract: _UCTVault.contract, event: "Withdraw", logs: logs, sub: sub}, nil
}

// WatchWithdraw is a free log subscription operation binding the contract event 0xfbde797d201c681b91056529119e0b02407c7bb96a4a2c75c01fc9667232c8db.
//
// Solidity: event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) WatchWithdraw(opts *bind.WatchOpts, sink chan<- *UCTVaultWithdraw, sender []common.Address, receiver []common.Address, owner []common.Address) (event.Subscription, error) {

	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}
	var receiverRule []interface{}
	for _, receiverItem := range receiver {
		receiverRule = append(receiverRule, receiverItem)
	}
	var ownerRule []interface{}
	for _, ownerItem := range owner {
		ownerRule = append(ownerRule, ownerItem)
	}

	logs, sub, err := _UCTVault.contract.WatchLogs(opts, "Withdraw", senderRule, receiverRule, ownerRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(UCTVaultWithdraw)
				if err := _UCTVault.contract.UnpackLog(event, "Withdraw", log); err != nil {
					// If the signature doesn't match, skip this log.
					if errors.Is(err, bind.ErrEventSignatureMismatch) {
						continue
					}
					return err
				}
				event.Raw = log

				select {
				case sink <- event:
				case err := <-sub.Err():
					return err
				case <-quit:
					return nil
				}
			case err := <-sub.Err():
				return err
			case <-quit:
				return nil
			}
		}
	}), nil
}

// ParseWithdraw is a log parse operation binding the contract event 0xfbde797d201c681b91056529119e0b02407c7bb96a4a2c75c01fc9667232c8db.
//
// Solidity: event Withdraw(address indexed sender, address indexed receiver, address indexed owner, uint256 assets, uint256 shares)
func (_UCTVault *UCTVaultFilterer) ParseWithdraw(log types.Log) (*UCTVaultWithdraw, error) {
	event := new(UCTVaultWithdraw)
	if err := _UCTVault.contract.UnpackLog(event, "Withdraw", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}
