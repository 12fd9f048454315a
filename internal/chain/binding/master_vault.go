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

// AttestationVerifierAttestation is an auto generated low-level Go binding around an user-defined struct.
type AttestationVerifierAttestation struct {
	Kind          uint8
	Account       common.Address
	Venue         common.Address
	Vault         common.Address
	Assets        *big.Int
	Usd           *big.Int
	Initial       *big.Int
	Maintenance   *big.Int
	Excess        *big.Int
	Collateral    *big.Int
	ParamsVersion [32]byte
	MarketTime    uint64
	Nonce         uint64
}

// MasterVaultMetaData contains all meta data concerning the MasterVault contract.
var MasterVaultMetaData = &bind.MetaData{
	ABI: "[{\"inputs\":[{\"internalType\":\"address\",\"name\":\"governance\",\"type\":\"address\"},{\"internalType\":\"uint64\",\"name\":\"maxAge_\",\"type\":\"uint64\"}],\"stateMutability\":\"nonpayable\",\"type\":\"constructor\"},{\"inputs\":[],\"name\":\"AccessControlBadConfirmation\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"neededRole\",\"type\":\"bytes32\"}],\"name\":\"AccessControlUnauthorizedAccount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"AssetHasVault\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"}],\"name\":\"AttestationFromFuture\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"field\",\"type\":\"string\"}],\"name\":\"AttestationMismatch\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint256\",\"name\":\"blockTime\",\"type\":\"uint256\"},{\"internalType\":\"uint64\",\"name\":\"maxAge\",\"type\":\"uint64\"}],\"name\":\"AttestationStale\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"}],\"name\":\"AttestationUnknownSigner\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"uint8\",\"name\":\"want\",\"type\":\"uint8\"}],\"name\":\"AttestationWrongKind\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"got\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"want\",\"type\":\"uint64\"}],\"name\":\"AttestationWrongNonce\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"got\",\"type\":\"bytes32\"},{\"internalType\":\"bytes32\",\"name\":\"want\",\"type\":\"bytes32\"}],\"name\":\"AttestationWrongParams\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ECDSAInvalidSignature\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"length\",\"type\":\"uint256\"}],\"name\":\"ECDSAInvalidSignatureLength\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"s\",\"type\":\"bytes32\"}],\"name\":\"ECDSAInvalidSignatureS\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"}],\"name\":\"InitialMarginBroken\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"InvalidShortString\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"lien\",\"type\":\"uint256\"}],\"name\":\"LienExceeded\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"liens\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"}],\"name\":\"LienNotCovered\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"}],\"name\":\"LienUnknownVenue\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"LienZeroAmount\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"maxAge\",\"type\":\"uint64\"}],\"name\":\"MaxAgeOutOfBounds\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"}],\"name\":\"NotLiquidatable\",\"type\":\"error\"},{\"inputs\":[],\"name\":\"ReentrancyGuardReentrantCall\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"uint256\",\"name\":\"value\",\"type\":\"uint256\"}],\"name\":\"SafeCastOverflowedUintToInt\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"string\",\"name\":\"str\",\"type\":\"string\"}],\"name\":\"StringTooLong\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"UnknownVault\",\"type\":\"error\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"VaultNotOwned\",\"type\":\"error\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"signer\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"}],\"name\":\"AttestationUsed\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[],\"name\":\"EIP712DomainChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"GatedExit\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"name\":\"LienDrawn\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"lien\",\"type\":\"uint256\"}],\"name\":\"LienGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"uint256\",\"name\":\"lien\",\"type\":\"uint256\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"by\",\"type\":\"address\"}],\"name\":\"LienReleased\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"uint64\",\"name\":\"maxAge\",\"type\":\"uint64\"}],\"name\":\"MaxAgeSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":false,\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"}],\"name\":\"ParamsVersionSet\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"previousAdminRole\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"newAdminRole\",\"type\":\"bytes32\"}],\"name\":\"RoleAdminChanged\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleGranted\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"indexed\":true,\"internalType\":\"address\",\"name\":\"sender\",\"type\":\"address\"}],\"name\":\"RoleRevoked\",\"type\":\"event\"},{\"anonymous\":false,\"inputs\":[{\"indexed\":true,\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"},{\"indexed\":false,\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"VaultAdded\",\"type\":\"event\"},{\"inputs\":[],\"name\":\"ATTESTATION_TYPEHASH\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"DEFAULT_ADMIN_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"KIND_DRAW\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"KIND_LIEN\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"KIND_WITHDRAW\",\"outputs\":[{\"internalType\":\"uint8\",\"name\":\"\",\"type\":\"uint8\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MAX_MAX_AGE\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"MIN_MAX_AGE\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"SIGNER_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"VENUE_ROLE\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractUCTVault\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"addVault\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"internalType\":\"structAttestationVerifier.Attestation\",\"name\":\"a\",\"type\":\"tuple\"}],\"name\":\"attestationDigest\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"balancesOf\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"vaultList\",\"type\":\"address[]\"},{\"internalType\":\"uint256[]\",\"name\":\"shares\",\"type\":\"uint256[]\"},{\"internalType\":\"uint256[]\",\"name\":\"assets\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"domainSeparator\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"contractUCTVault\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"internalType\":\"structAttestationVerifier.Attestation\",\"name\":\"a\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"draw\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"eip712Domain\",\"outputs\":[{\"internalType\":\"bytes1\",\"name\":\"fields\",\"type\":\"bytes1\"},{\"internalType\":\"string\",\"name\":\"name\",\"type\":\"string\"},{\"internalType\":\"string\",\"name\":\"version\",\"type\":\"string\"},{\"internalType\":\"uint256\",\"name\":\"chainId\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"verifyingContract\",\"type\":\"address\"},{\"internalType\":\"bytes32\",\"name\":\"salt\",\"type\":\"bytes32\"},{\"internalType\":\"uint256[]\",\"name\":\"extensions\",\"type\":\"uint256[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"}],\"name\":\"getRoleAdmin\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"internalType\":\"structAttestationVerifier.Attestation\",\"name\":\"a\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"grantLien\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"grantRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"hasRole\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"}],\"name\":\"isVault\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"}],\"name\":\"lienOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"liensOf\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"\",\"type\":\"uint256\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"maxAge\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"nonceOf\",\"outputs\":[{\"internalType\":\"uint64\",\"name\":\"\",\"type\":\"uint64\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"paramsVersion\",\"outputs\":[{\"internalType\":\"bytes32\",\"name\":\"\",\"type\":\"bytes32\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractUCTVault\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"internalType\":\"structAttestationVerifier.Attestation\",\"name\":\"a\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"redeem\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"}],\"name\":\"releaseLien\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"}],\"name\":\"releaseLienFor\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"callerConfirmation\",\"type\":\"address\"}],\"name\":\"renounceRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"role\",\"type\":\"bytes32\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"}],\"name\":\"revokeRole\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"uint64\",\"name\":\"maxAge_\",\"type\":\"uint64\"}],\"name\":\"setMaxAge\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes32\",\"name\":\"version\",\"type\":\"bytes32\"}],\"name\":\"setParamsVersion\",\"outputs\":[],\"stateMutability\":\"nonpayable\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"bytes4\",\"name\":\"interfaceId\",\"type\":\"bytes4\"}],\"name\":\"supportsInterface\",\"outputs\":[{\"internalType\":\"bool\",\"name\":\"\",\"type\":\"bool\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"address\",\"name\":\"asset\",\"type\":\"address\"}],\"name\":\"vaultOf\",\"outputs\":[{\"internalType\":\"address\",\"name\":\"\",\"type\":\"address\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[],\"name\":\"vaults\",\"outputs\":[{\"internalType\":\"address[]\",\"name\":\"\",\"type\":\"address[]\"}],\"stateMutability\":\"view\",\"type\":\"function\"},{\"inputs\":[{\"internalType\":\"contractUCTVault\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"address\",\"name\":\"receiver\",\"type\":\"address\"},{\"components\":[{\"internalType\":\"uint8\",\"name\":\"kind\",\"type\":\"uint8\"},{\"internalType\":\"address\",\"name\":\"account\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"venue\",\"type\":\"address\"},{\"internalType\":\"address\",\"name\":\"vault\",\"type\":\"address\"},{\"internalType\":\"uint256\",\"name\":\"assets\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"usd\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"initial\",\"type\":\"uint256\"},{\"internalType\":\"uint256\",\"name\":\"maintenance\",\"type\":\"uint256\"},{\"internalType\":\"int256\",\"name\":\"excess\",\"type\":\"int256\"},{\"internalType\":\"uint256\",\"name\":\"collateral\",\"type\":\"uint256\"},{\"internalType\":\"bytes32\",\"name\":\"paramsVersion\",\"type\":\"bytes32\"},{\"internalType\":\"uint64\",\"name\":\"marketTime\",\"type\":\"uint64\"},{\"internalType\":\"uint64\",\"name\":\"nonce\",\"type\":\"uint64\"}],\"internalType\":\"structAttestationVerifier.Attestation\",\"name\":\"a\",\"type\":\"tuple\"},{\"internalType\":\"bytes\",\"name\":\"sig\",\"type\":\"bytes\"}],\"name\":\"withdraw\",\"outputs\":[{\"internalType\":\"uint256\",\"name\":\"shares\",\"type\":\"uint256\"}],\"stateMutability\":\"nonpayable\",\"type\":\"function\"}]",
	Bin: "0x610160604052348015610010575f5ffd5b50604051612d75380380612d7583398101604081905261002f916102f3565b81816040518060400160405280600d81526020016c1d5b9a5b585c99da5b881550d5609a1b815250604051806040016040528060018152602001603160f81b8152506100808261016460201b60201c565b6101205261008d81610164565b61014052815160208084019190912060e052815190820120610100524660a05261011960e05161010051604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201529081019290925260608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b60805250503060c05261012c5f836101aa565b5061013681610253565b505060017f9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00555061039c9050565b5f5f829050601f81511115610197578260405163305a27a960e01b815260040161018e9190610341565b60405180910390fd5b80516101a282610376565b179392505050565b5f828152602081815260408083206001600160a01b038516845290915281205460ff1661024a575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556102023390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a450600161024d565b505f5b92915050565b60016001600160401b03821610806102765750620151806001600160401b038216115b1561029f576040516317800b8360e31b81526001600160401b038216600482015260240161018e565b600380546001600160401b0319166001600160401b0383169081179091556040519081527f0db3374bef1892bbc82505369a338834407fa3a76893e09b92454fce7afb2f239060200160405180910390a150565b5f5f60408385031215610304575f5ffd5b82516001600160a01b038116811461031a575f5ffd5b60208401519092506001600160401b0381168114610336575f5ffd5b809150509250929050565b602081525f82518060208401528060208501604085015e5f604082850101526040601f19601f83011684010191505092915050565b80516020808301519190811015610396575f198160200360031b1b821691505b50919050565b60805160a05160c05160e0516101005161012051610140516129886103ed5f395f611bfd01525f611bd201525f611f1a01525f611ef201525f611e4d01525f611e7701525f611ea101526129885ff3fe608060405234801561000f575f5ffd5b5060043610610213575f3560e01c806391b35a1e1161011f578063bb630b02116100a9578063ed2a2d6411610079578063ed2a2d641461051f578063f0fb722314610547578063f596bd181461055a578063f698da2514610584578063faa9cabb1461058c575f5ffd5b8063bb630b02146104de578063c0b6e15d146104f1578063d547741f14610504578063da2672ed14610517575f5ffd5b80639cda6b35116100ef5780639cda6b351461047b578063a01e9ea614610483578063a1ebf35d1461049d578063a217fddf146104c4578063b0eb4bea146104cb575f5ffd5b806391b35a1e1461042f57806391d148541461044257806392038f4a146104555780639a9eef4b14610468575f5ffd5b806338eb52fd116101a057806365f287db1161017057806365f287db146103ab578063687043c5146103cd57806376400de0146103e05780638220ef5b146103ff57806384b0196e14610414575f5ffd5b806338eb52fd146103415780635eddd8e5146103545780636392a51f14610367578063652b9b4114610389575f5ffd5b8063256b5a02116101e6578063256b5a02146102d657806329f763a2146102eb5780632b40ccca146103125780632f2ff15d1461031b57806336568abe1461032e575f5ffd5b806301ffc9a71461021757806307090c1f1461023f5780630709df4514610274578063248a9ca3146102b4575b5f5ffd5b61022a610225366004612259565b610594565b60405190151581526020015b60405180910390f35b6102667f4d65b5735eb34ef75eaccf9550b8adbf0a74432d0f261995417d348f3a8c4c6581565b604051908152602001610236565b61029c6102823660046122ab565b60096020525f90815260409020546001600160a01b031681565b6040516001600160a01b039091168152602001610236565b6102666102c23660046122c6565b5f9081526020819052604090206001015490565b6102e96102e43660046122ab565b6105ca565b005b6102667f5be903bf6f174c5743ee427282210048774fcf525fb9b997813efd5b846f449c81565b61026660045481565b6102e96103293660046122dd565b6107f1565b6102e961033c3660046122dd565b61081b565b6102e961034f366004612366565b610853565b6102666103623660046123d4565b610afb565b61037a6103753660046122ab565b610c68565b604051610236939291906124c7565b61022a6103973660046122ab565b600a6020525f908152604090205460ff1681565b6103b56201518081565b6040516001600160401b039091168152602001610236565b6003546103b5906001600160401b031681565b6102666103ee3660046122ab565b60076020525f908152604090205481565b610407610eba565b60405161023691906124ff565b61041c610f1a565b604051610236979695949392919061253f565b6102e961043d3660046125ae565b610f5c565b61022a6104503660046122dd565b610f90565b6102666104633660046125ec565b610fb8565b610266610476366004612607565b61100a565b6103b5600181565b61048b600281565b60405160ff9091168152602001610236565b6102667fe2f4eaae4a9751e85a3e4a7b9587827a877f29914755229b07a7b2da98285f7081565b6102665f81565b6102666104d93660046123d4565b6113ef565b6102e96104ec3660046126a6565b6114d0565b6102e96104ff3660046122c6565b6114e7565b6102e96105123660046122dd565b61152d565b61048b600381565b6103b561052d3660046122ab565b60056020525f90815260409020546001600160401b031681565b6102e96105553660046126bf565b611551565b6102666105683660046126e9565b600660209081525f928352604080842090915290825290205481565b61026661157a565b61048b600181565b5f6001600160e01b03198216637965db0b60e01b14806105c457506301ffc9a760e01b6001600160e01b03198316145b92915050565b5f6105d481611588565b306001600160a01b0316826001600160a01b031663ee97f7f36040518163ffffffff1660e01b8152600401602060405180830381865afa15801561061a573d5f5f3e3d5ffd5b505050506040513d601f19601f8201168201806040525081019061063e9190612715565b6001600160a01b03161461067557604051637f116d6360e11b81526001600160a01b03831660048201526024015b60405180910390fd5b5f826001600160a01b03166338d52e0f6040518163ffffffff1660e01b8152600401602060405180830381865afa1580156106b2573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906106d69190612715565b6001600160a01b038082165f908152600960205260409020549192501615610737576001600160a01b038181165f8181526009602052604090819020549051635192a31560e11b81526004810192909252909116602482015260440161066c565b6001600160a01b038181165f81815260096020908152604080832080549589166001600160a01b03199687168117909155808452600a8352818420805460ff191660019081179091556008805491820181559094527ff3f7a9fe364faab93b216da50a3214154f22a0a2b415b23a84c8169e8b636ee390930180549095168317909455925190815290917f2f0697414292d16e25e419060ebbb3a3318648280380829ca42af307b155393b910160405180910390a2505050565b5f8281526020819052604090206001015461080b81611588565b6108158383611595565b50505050565b6001600160a01b03811633146108445760405163334bd91960e11b815260040160405180910390fd5b61084e8282611624565b505050565b61085b61168d565b335f85900361087d57604051635de89acb60e11b815260040160405180910390fd5b6108a77f5be903bf6f174c5743ee427282210048774fcf525fb9b997813efd5b846f449c87610f90565b6108cf57604051634c9a0af160e01b81526001600160a01b038716600482015260240161066c565b6001600160a01b0381166108e960408601602087016122ab565b6001600160a01b03161461091057604051638f0ad4b960e01b815260040161066c90612730565b6001600160a01b03861661092a60608601604087016122ab565b6001600160a01b03161461096957604051638f0ad4b960e01b815260206004820152600560248201526476656e756560d81b604482015260640161066c565b848460a00135146109a357604051638f0ad4b960e01b81526020600482015260036024820152621d5cd960ea1b604482015260640161066c565b6109b084848460026116a8565b505f84610100013512156109de5760405163ef6ff0f360e01b8152610100850135600482015260240161066c565b6001600160a01b0381165f90815260076020526040812054610a01908790612765565b9050846101200135811115610a37576040516376b5307560e01b815260048101829052610120860135602482015260440161066c565b6001600160a01b038083165f90815260076020908152604080832085905560068252808320938b16835292905290812054610a73908890612765565b6001600160a01b038481165f818152600660209081526040808320948e168084529482529182902085905581518c8152908101859052939450919290917fc3430bdd469bb54307be2c78954c716e52733c1b6338bc025cd7d095cf732833910160405180910390a3505050610af460015f51602061295c5f395f51905f5255565b5050505050565b5f610b0461168d565b610b0d87611a1a565b60405163266d6a8360e11b815260048101879052610b829088906001600160a01b03821690634cdad50690602401602060405180830381865afa158015610b56573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610b7a9190612778565b868686611a5d565b6040516311b4c65760e01b81523360048201526001600160a01b038681166024830152604482018890528816906311b4c657906064016020604051808303815f875af1158015610bd4573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610bf89190612778565b604080516001600160a01b038a1681526020810183905290810188905290915033907f57c173e338f004a247ab96c0fe2b5d673b6183e0972a547195e1b1b694c7792c906060015b60405180910390a2610c5e60015f51602061295c5f395f51905f5255565b9695505050505050565b600880546040805160208084028201810190925282815260609384938493909291908390830182828015610cc357602002820191905f5260205f20905b81546001600160a01b03168152600190910190602001808311610ca5575b50505050509350806001600160401b03811115610ce257610ce261278f565b604051908082528060200260200182016040528015610d0b578160200160208202803683370190505b509250806001600160401b03811115610d2657610d2661278f565b604051908082528060200260200182016040528015610d4f578160200160208202803683370190505b5091505f5b81811015610eb1575f60088281548110610d7057610d706127a3565b5f918252602090912001546040516370a0823160e01b81526001600160a01b038981166004830152909116915081906370a0823190602401602060405180830381865afa158015610dc3573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610de79190612778565b858381518110610df957610df96127a3565b602002602001018181525050806001600160a01b03166307a2d13a868481518110610e2657610e266127a3565b60200260200101516040518263ffffffff1660e01b8152600401610e4c91815260200190565b602060405180830381865afa158015610e67573d5f5f3e3d5ffd5b505050506040513d601f19601f82011682018060405250810190610e8b9190612778565b848381518110610e9d57610e9d6127a3565b602090810291909101015250600101610d54565b50509193909250565b60606008805480602002602001604051908101604052809291908181526020018280548015610f1057602002820191905f5260205f20905b81546001600160a01b03168152600190910190602001808311610ef2575b5050505050905090565b5f6060805f5f5f6060610f2b611bcb565b610f33611bf6565b604080515f80825260208201909252600f60f81b9b939a50919850469750309650945092509050565b610f6461168d565b5f610f6e81611588565b610f79848484611c21565b5061084e60015f51602061295c5f395f51905f5255565b5f918252602082815260408084206001600160a01b0393909316845291905290205460ff1690565b5f6105c47f4d65b5735eb34ef75eaccf9550b8adbf0a74432d0f261995417d348f3a8c4c6583604051602001610fef9291906127c7565b60405160208183030381529060405280519060200120611d43565b5f61101361168d565b3361101d88611a1a565b861580611028575085155b1561104657604051635de89acb60e11b815260040160405180910390fd5b6001600160a01b03891661106060408701602088016122ab565b6001600160a01b03161461108757604051638f0ad4b960e01b815260040161066c90612730565b6001600160a01b0381166110a160608701604088016122ab565b6001600160a01b0316146110e057604051638f0ad4b960e01b815260206004820152600560248201526476656e756560d81b604482015260640161066c565b6001600160a01b0388166110fa60808701606088016122ab565b6001600160a01b03161461113957604051638f0ad4b960e01b81526020600482015260056024820152641d985d5b1d60da1b604482015260640161066c565b868560a001351461117357604051638f0ad4b960e01b81526020600482015260036024820152621d5cd960ea1b604482015260640161066c565b858560800135146111b057604051638f0ad4b960e01b815260206004820152600660248201526561737365747360d01b604482015260640161066c565b6001600160a01b03808a165f908152600660209081526040808320938516835292905220548088111561120057604051635357eab760e11b8152600481018990526024810182905260440161066c565b61120d86868660036116a8565b5061121786611d6f565b61124f57604051631fca391360e11b8152610100870135600482015260c0870135602482015260e0870135604482015260640161066c565b61125988826128d5565b6001600160a01b03808c165f8181526006602090815260408083209488168352938152838220949094559081526007909252812080548a929061129d9084906128d5565b9091555050604051630a28a47760e01b8152600481018890526001600160a01b038a1690630a28a47790602401602060405180830381865afa1580156112e5573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906113099190612778565b60405163b2a02ff160e01b81526001600160a01b038c81166004830152848116602483015260448201839052919450908a169063b2a02ff1906064015f604051808303815f87803b15801561135c575f5ffd5b505af115801561136e573d5f5f3e3d5ffd5b5050604080516001600160a01b038d81168252602082018d90529181018b9052606081018790528186169350908d1691507fc6d63a5f1269c2eb99061c40c6f521ee07f93e8daa958ae5b65d585da64b27ea9060800160405180910390a350506113e460015f51602061295c5f395f51905f5255565b979650505050505050565b5f6113f861168d565b61140187611a1a565b61140e8787868686611a5d565b604051639f1d926760e01b81523360048201526001600160a01b03868116602483015260448201889052881690639f1d9267906064016020604051808303815f875af1158015611460573d5f5f3e3d5ffd5b505050506040513d601f19601f820116820180604052508101906114849190612778565b604080516001600160a01b038a1681526020810189905290810182905290915033907f57c173e338f004a247ab96c0fe2b5d673b6183e0972a547195e1b1b694c7792c90606001610c40565b5f6114da81611588565b6114e382611da0565b5050565b5f6114f181611588565b60048290556040518281527f0343c63c3f976c1f3396777dba9afd0f69f262e3322fe6ec0623d268f6f057139060200160405180910390a15050565b5f8281526020819052604090206001015461154781611588565b6108158383611624565b61155961168d565b611564823383611c21565b6114e360015f51602061295c5f395f51905f5255565b5f611583611e41565b905090565b6115928133611f6a565b50565b5f6115a08383610f90565b61161d575f838152602081815260408083206001600160a01b03861684529091529020805460ff191660011790556115d53390565b6001600160a01b0316826001600160a01b0316847f2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d60405160405180910390a45060016105c4565b505f6105c4565b5f61162f8383610f90565b1561161d575f838152602081815260408083206001600160a01b0386168085529252808320805460ff1916905551339286917ff6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b9190a45060016105c4565b611695611fa3565b60025f51602061295c5f395f51905f5255565b5f60ff82166116ba60208701876128e8565b60ff16146116f6576116cf60208601866128e8565b6040516347e1a71760e11b815260ff9182166004820152908316602482015260440161066c565b42611709610180870161016088016126a6565b6001600160401b031611156117555761172a610180860161016087016126a6565b6040516365c1d45760e11b81526001600160401b03909116600482015242602482015260440161066c565b6003546001600160401b0316611773610180870161016088016126a6565b611786906001600160401b0316426128d5565b11156117d35761179e610180860161016087016126a6565b600354604051631ad015e360e31b81526001600160401b0392831660048201524260248201529116604482015260640161066c565b600454158015906117eb575060045485610140013514155b1561181b5760048054604051638aee9b2160e01b815261014088013592810192909252602482015260440161066c565b5f60058161182f6040890160208a016122ab565b6001600160a01b0316815260208101919091526040015f20546001600160401b03169050806118666101a0880161018089016126a6565b6001600160401b0316146118b3576118866101a0870161018088016126a6565b604051630f1e17cd60e41b81526001600160401b039182166004820152908216602482015260440161066c565b5f6118c76118c088610fb8565b8787611fd4565b90506118f37fe2f4eaae4a9751e85a3e4a7b9587827a877f29914755229b07a7b2da98285f7082610f90565b61191b57604051630a787e5b60e11b81526001600160a01b038216600482015260240161066c565b611926826001612901565b60055f61193960408b0160208c016122ab565b6001600160a01b0316815260208082019290925260409081015f20805467ffffffffffffffff19166001600160401b0394909416939093179092556119829189019089016122ab565b6001600160a01b03167fb3be4e4250857351ac8eb63586aca3cef7fad8d135b4ab01a79c25a252b5ee51856119bf6101a08b016101808c016126a6565b846119d26101808d016101608e016126a6565b6040805160ff90951685526001600160401b0393841660208601526001600160a01b039092169184019190915216606082015260800160405180910390a29695505050505050565b6001600160a01b0381165f908152600a602052604090205460ff16611592576040516376bfd6b960e01b81526001600160a01b038216600482015260240161066c565b335f8181526007602052604081205490819003611a7b575050610af4565b6001600160a01b038216611a9560408701602088016122ab565b6001600160a01b031614611abc57604051638f0ad4b960e01b815260040161066c90612730565b6001600160a01b038716611ad660808701606088016122ab565b6001600160a01b031614611b1557604051638f0ad4b960e01b81526020600482015260056024820152641d985d5b1d60da1b604482015260640161066c565b8460800135861115611b5357604051638f0ad4b960e01b815260206004820152600660248201526561737365747360d01b604482015260640161066c565b611b6085858560016116a8565b505f8561010001351215611b8e5760405163ef6ff0f360e01b8152610100860135600482015260240161066c565b846101200135811115611bc2576040516376b5307560e01b815260048101829052610120860135602482015260440161066c565b50505050505050565b60606115837f0000000000000000000000000000000000000000000000000000000000000000611ffe565b60606115837f0000000000000000000000000000000000000000000000000000000000000000611ffe565b805f03611c4157604051635de89acb60e11b815260040160405180910390fd5b6001600160a01b038084165f9081526006602090815260408083209386168352929052205480821115611c9157604051635357eab760e11b8152600481018390526024810182905260440161066c565b611c9b82826128d5565b6001600160a01b038086165f818152600660209081526040808320948916835293815283822094909455908152600790925281208054849290611cdf9084906128d5565b90915550506001600160a01b038084169085167f1a8e7353429e3a3d0235d08e625bba5d42cab23b970e0a37598f056ebcf5b51584611d1e81866128d5565b604080519283526020830191909152339082015260600160405180910390a350505050565b5f6105c4611d4f611e41565b8360405161190160f01b8152600281019290925260228201526042902090565b5f611d7d8260e0013561203b565b611d8a8360c0013561203b565b611d9990610100850135612920565b1292915050565b60016001600160401b0382161080611dc35750620151806001600160401b038216115b15611dec576040516317800b8360e31b81526001600160401b038216600482015260240161066c565b6003805467ffffffffffffffff19166001600160401b0383169081179091556040519081527f0db3374bef1892bbc82505369a338834407fa3a76893e09b92454fce7afb2f239060200160405180910390a150565b5f306001600160a01b037f000000000000000000000000000000000000000000000000000000000000000016148015611e9957507f000000000000000000000000000000000000000000000000000000000000000046145b15611ec357507f000000000000000000000000000000000000000000000000000000000000000090565b611583604080517f8b73c3c69bb8fe3d512ecc4cf759cc79239f7b179b0ffacaa9a75d522b39400f60208201527f0000000000000000000000000000000000000000000000000000000000000000918101919091527f000000000000000000000000000000000000000000000000000000000000000060608201524660808201523060a08201525f9060c00160405160208183030381529060405280519060200120905090565b611f748282610f90565b6114e35760405163e2517d3f60e01b81526001600160a01b03821660048201526024810183905260440161066c565b5f51602061295c5f395f51905f5254600203611fd257604051633ee5aeb560e01b815260040160405180910390fd5b565b5f5f5f5f611fe387878761206b565b925092509250611ff382826120b2565b509095945050505050565b60605f61200a8361216a565b6040805160208082528183019092529192505f91906020820181803683375050509182525060208101929092525090565b5f6001600160ff1b038211156120675760405163123baf0360e11b81526004810183905260240161066c565b5090565b5f8080604184900361209f578435602086013560408701355f1a61209189828585612191565b9550955095505050506120a9565b505f915060029050825b93509350939050565b5f8260038111156120c5576120c5612947565b036120ce575050565b60018260038111156120e2576120e2612947565b036121005760405163f645eedf60e01b815260040160405180910390fd5b600282600381111561211457612114612947565b036121355760405163fce698f760e01b81526004810182905260240161066c565b600382600381111561214957612149612947565b036114e3576040516335e2f38360e21b81526004810182905260240161066c565b5f60ff8216601f8111156105c457604051632cd44ac360e21b815260040160405180910390fd5b5f80807f7fffffffffffffffffffffffffffffff5d576e7357a4501ddfe92f46681b20a08411156121ca57505f9150600390508261224f565b604080515f808252602082018084528a905260ff891692820192909252606081018790526080810186905260019060a0016020604051602081039080840390855afa15801561221b573d5f5f3e3d5ffd5b5050604051601f1901519150506001600160a01b03811661224657505f92506001915082905061224f565b92505f91508190505b9450945094915050565b5f60208284031215612269575f5ffd5b81356001600160e01b031981168114612280575f5ffd5b9392505050565b6001600160a01b0381168114611592575f5ffd5b80356122a681612287565b919050565b5f602082840312156122bb575f5ffd5b813561228081612287565b5f602082840312156122d6575f5ffd5b5035919050565b5f5f604083850312156122ee575f5ffd5b82359150602083013561230081612287565b809150509250929050565b5f6101a0828403121561231c575f5ffd5b50919050565b5f5f83601f840112612332575f5ffd5b5081356001600160401b03811115612348575f5ffd5b60208301915083602082850101111561235f575f5ffd5b9250929050565b5f5f5f5f5f610200868803121561237b575f5ffd5b853561238681612287565b94506020860135935061239c876040880161230b565b92506101e08601356001600160401b038111156123b7575f5ffd5b6123c388828901612322565b969995985093965092949392505050565b5f5f5f5f5f5f61022087890312156123ea575f5ffd5b86356123f581612287565b955060208701359450604087013561240c81612287565b935061241b886060890161230b565b92506102008701356001600160401b03811115612436575f5ffd5b61244289828a01612322565b979a9699509497509295939492505050565b5f8151808452602084019350602083015f5b8281101561248d5781516001600160a01b0316865260209586019590910190600101612466565b5093949350505050565b5f8151808452602084019350602083015f5b8281101561248d5781518652602095860195909101906001016124a9565b606081525f6124d96060830186612454565b82810360208401526124eb8186612497565b90508281036040840152610c5e8185612497565b602081525f6122806020830184612454565b5f81518084528060208401602086015e5f602082860101526020601f19601f83011685010191505092915050565b60ff60f81b8816815260e060208201525f61255d60e0830189612511565b828103604084015261256f8189612511565b606084018890526001600160a01b038716608085015260a0840186905283810360c085015290506125a08185612497565b9a9950505050505050505050565b5f5f5f606084860312156125c0575f5ffd5b83356125cb81612287565b925060208401356125db81612287565b929592945050506040919091013590565b5f6101a082840312156125fd575f5ffd5b612280838361230b565b5f5f5f5f5f5f5f610240888a03121561261e575f5ffd5b873561262981612287565b9650602088013561263981612287565b955060408801359450606088013593506126568960808a0161230b565b92506102208801356001600160401b03811115612671575f5ffd5b61267d8a828b01612322565b989b979a50959850939692959293505050565b80356001600160401b03811681146122a6575f5ffd5b5f602082840312156126b6575f5ffd5b61228082612690565b5f5f604083850312156126d0575f5ffd5b82356126db81612287565b946020939093013593505050565b5f5f604083850312156126fa575f5ffd5b823561270581612287565b9150602083013561230081612287565b5f60208284031215612725575f5ffd5b815161228081612287565b6020808252600790820152661858d8dbdd5b9d60ca1b604082015260600190565b634e487b7160e01b5f52601160045260245ffd5b808201808211156105c4576105c4612751565b5f60208284031215612788575f5ffd5b5051919050565b634e487b7160e01b5f52604160045260245ffd5b634e487b7160e01b5f52603260045260245ffd5b803560ff811681146122a6575f5ffd5b8281526101c081016127e6602083016127df856127b7565b60ff169052565b6127f26020840161229b565b6001600160a01b03811660408401525061280e6040840161229b565b6001600160a01b03811660608401525061282a6060840161229b565b6001600160a01b038116608084015250608083013560a08381019190915283013560c08084019190915283013560e0808401919091528301356101008084019190915283013561012080840191909152830135610140808401919091528301356101608084019190915261289f908401612690565b6001600160401b038116610180840152506128bd6101808401612690565b6001600160401b0381166101a0840152509392505050565b818103818111156105c4576105c4612751565b5f602082840312156128f8575f5ffd5b612280826127b7565b6001600160401b0381811683821601908111156105c4576105c4612751565b8082018281125f83128015821682158216171561293f5761293f612751565b505092915050565b634e487b7160e01b5f52602160045260245ffdfe9b779b17422d0df92223018b32b4d1fa46e071723d6817e2486d003becc55f00a164736f6c6343000825000a",
}

// MasterVaultABI is the input ABI used to generate the binding from.
// Deprecated: Use MasterVaultMetaData.ABI instead.
var MasterVaultABI = MasterVaultMetaData.ABI

// MasterVaultBin is the compiled bytecode used for deploying new contracts.
// Deprecated: Use MasterVaultMetaData.Bin instead.
var MasterVaultBin = MasterVaultMetaData.Bin

// DeployMasterVault deploys a new Ethereum contract, binding an instance of MasterVault to it.
func DeployMasterVault(auth *bind.TransactOpts, backend bind.ContractBackend, governance common.Address, maxAge_ uint64) (common.Address, *types.Transaction, *MasterVault, error) {
	parsed, err := MasterVaultMetaData.GetAbi()
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	if parsed == nil {
		return common.Address{}, nil, nil, errors.New("GetABI returned nil")
	}

	address, tx, contract, err := bind.DeployContract(auth, *parsed, common.FromHex(MasterVaultBin), backend, governance, maxAge_)
	if err != nil {
		return common.Address{}, nil, nil, err
	}
	return address, tx, &MasterVault{MasterVaultCaller: MasterVaultCaller{contract: contract}, MasterVaultTransactor: MasterVaultTransactor{contract: contract}, MasterVaultFilterer: MasterVaultFilterer{contract: contract}}, nil
}

// MasterVault is an auto generated Go binding around an Ethereum contract.
type MasterVault struct {
	MasterVaultCaller     // Read-only binding to the contract
	MasterVaultTransactor // Write-only binding to the contract
	MasterVaultFilterer   // Log filterer for contract events
}

// MasterVaultCaller is an auto generated read-only Go binding around an Ethereum contract.
type MasterVaultCaller struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// MasterVaultTransactor is an auto generated write-only Go binding around an Ethereum contract.
type MasterVaultTransactor struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// MasterVaultFilterer is an auto generated log filtering Go binding around an Ethereum contract events.
type MasterVaultFilterer struct {
	contract *bind.BoundContract // Generic contract wrapper for the low level calls
}

// MasterVaultSession is an auto generated Go binding around an Ethereum contract,
// with pre-set call and transact options.
type MasterVaultSession struct {
	Contract     *MasterVault      // Generic contract binding to set the session for
	CallOpts     bind.CallOpts     // Call options to use throughout this session
	TransactOpts bind.TransactOpts // Transaction auth options to use throughout this session
}

// MasterVaultCallerSession is an auto generated read-only Go binding around an Ethereum contract,
// with pre-set call options.
type MasterVaultCallerSession struct {
	Contract *MasterVaultCaller // Generic contract caller binding to set the session for
	CallOpts bind.CallOpts      // Call options to use throughout this session
}

// MasterVaultTransactorSession is an auto generated write-only Go binding around an Ethereum contract,
// with pre-set transact options.
type MasterVaultTransactorSession struct {
	Contract     *MasterVaultTransactor // Generic contract transactor binding to set the session for
	TransactOpts bind.TransactOpts      // Transaction auth options to use throughout this session
}

// MasterVaultRaw is an auto generated low-level Go binding around an Ethereum contract.
type MasterVaultRaw struct {
	Contract *MasterVault // Generic contract binding to access the raw methods on
}

// MasterVaultCallerRaw is an auto generated low-level read-only Go binding around an Ethereum contract.
type MasterVaultCallerRaw struct {
	Contract *MasterVaultCaller // Generic read-only contract binding to access the raw methods on
}

// MasterVaultTransactorRaw is an auto generated low-level write-only Go binding around an Ethereum contract.
type MasterVaultTransactorRaw struct {
	Contract *MasterVaultTransactor // Generic write-only contract binding to access the raw methods on
}

// NewMasterVault creates a new instance of MasterVault, bound to a specific deployed contract.
func NewMasterVault(address common.Address, backend bind.ContractBackend) (*MasterVault, error) {
	contract, err := bindMasterVault(address, backend, backend, backend)
	if err != nil {
		return nil, err
	}
	return &MasterVault{MasterVaultCaller: MasterVaultCaller{contract: contract}, MasterVaultTransactor: MasterVaultTransactor{contract: contract}, MasterVaultFilterer: MasterVaultFilterer{contract: contract}}, nil
}

// NewMasterVaultCaller creates a new read-only instance of MasterVault, bound to a specific deployed contract.
func NewMasterVaultCaller(address common.Address, caller bind.ContractCaller) (*MasterVaultCaller, error) {
	contract, err := bindMasterVault(address, caller, nil, nil)
	if err != nil {
		return nil, err
	}
	return &MasterVaultCaller{contract: contract}, nil
}

// NewMasterVaultTransactor creates a new write-only instance of MasterVault, bound to a specific deployed contract.
func NewMasterVaultTransactor(address common.Address, transactor bind.ContractTransactor) (*MasterVaultTransactor, error) {
	contract, err := bindMasterVault(address, nil, transactor, nil)
	if err != nil {
		return nil, err
	}
	return &MasterVaultTransactor{contract: contract}, nil
}

// NewMasterVaultFilterer creates a new log filterer instance of MasterVault, bound to a specific deployed contract.
func NewMasterVaultFilterer(address common.Address, filterer bind.ContractFilterer) (*MasterVaultFilterer, error) {
	contract, err := bindMasterVault(address, nil, nil, filterer)
	if err != nil {
		return nil, err
	}
	return &MasterVaultFilterer{contract: contract}, nil
}

// bindMasterVault binds a generic wrapper to an already deployed contract.
func bindMasterVault(address common.Address, caller bind.ContractCaller, transactor bind.ContractTransactor, filterer bind.ContractFilterer) (*bind.BoundContract, error) {
	parsed, err := MasterVaultMetaData.GetAbi()
	if err != nil {
		return nil, err
	}
	return bind.NewBoundContract(address, *parsed, caller, transactor, filterer), nil
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_MasterVault *MasterVaultRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _MasterVault.Contract.MasterVaultCaller.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_MasterVault *MasterVaultRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _MasterVault.Contract.MasterVaultTransactor.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_MasterVault *MasterVaultRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _MasterVault.Contract.MasterVaultTransactor.contract.Transact(opts, method, params...)
}

// Call invokes the (constant) contract method with params as input values and
// sets the output to result. The result type might be a single field for simple
// returns, a slice of interfaces for anonymous returns and a struct for named
// returns.
func (_MasterVault *MasterVaultCallerRaw) Call(opts *bind.CallOpts, result *[]interface{}, method string, params ...interface{}) error {
	return _MasterVault.Contract.contract.Call(opts, result, method, params...)
}

// Transfer initiates a plain transaction to move funds to the contract, calling
// its default method if one is available.
func (_MasterVault *MasterVaultTransactorRaw) Transfer(opts *bind.TransactOpts) (*types.Transaction, error) {
	return _MasterVault.Contract.contract.Transfer(opts)
}

// Transact invokes the (paid) contract method with params as input values.
func (_MasterVault *MasterVaultTransactorRaw) Transact(opts *bind.TransactOpts, method string, params ...interface{}) (*types.Transaction, error) {
	return _MasterVault.Contract.contract.Transact(opts, method, params...)
}

// ATTESTATIONTYPEHASH is a free data retrieval call binding the contract method 0x07090c1f.
//
// Solidity: function ATTESTATION_TYPEHASH() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) ATTESTATIONTYPEHASH(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "ATTESTATION_TYPEHASH")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// ATTESTATIONTYPEHASH is a free data retrieval call binding the contract method 0x07090c1f.
//
// Solidity: function ATTESTATION_TYPEHASH() view returns(bytes32)
func (_MasterVault *MasterVaultSession) ATTESTATIONTYPEHASH() ([32]byte, error) {
	return _MasterVault.Contract.ATTESTATIONTYPEHASH(&_MasterVault.CallOpts)
}

// ATTESTATIONTYPEHASH is a free data retrieval call binding the contract method 0x07090c1f.
//
// Solidity: function ATTESTATION_TYPEHASH() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) ATTESTATIONTYPEHASH() ([32]byte, error) {
	return _MasterVault.Contract.ATTESTATIONTYPEHASH(&_MasterVault.CallOpts)
}

// DEFAULTADMINROLE is a free data retrieval call binding the contract method 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) DEFAULTADMINROLE(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "DEFAULT_ADMIN_ROLE")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// DEFAULTADMINROLE is a free data retrieval call binding the contract method 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultSession) DEFAULTADMINROLE() ([32]byte, error) {
	return _MasterVault.Contract.DEFAULTADMINROLE(&_MasterVault.CallOpts)
}

// DEFAULTADMINROLE is a free data retrieval call binding the contract method 0xa217fddf.
//
// Solidity: function DEFAULT_ADMIN_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) DEFAULTADMINROLE() ([32]byte, error) {
	return _MasterVault.Contract.DEFAULTADMINROLE(&_MasterVault.CallOpts)
}

// KINDDRAW is a free data retrieval call binding the contract method 0xda2672ed.
//
// Solidity: function KIND_DRAW() view returns(uint8)
func (_MasterVault *MasterVaultCaller) KINDDRAW(opts *bind.CallOpts) (uint8, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "KIND_DRAW")

	if err != nil {
		return *new(uint8), err
	}

	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)

	return out0, err

}

// KINDDRAW is a free data retrieval call binding the contract method 0xda2672ed.
//
// Solidity: function KIND_DRAW() view returns(uint8)
func (_MasterVault *MasterVaultSession) KINDDRAW() (uint8, error) {
	return _MasterVault.Contract.KINDDRAW(&_MasterVault.CallOpts)
}

// KINDDRAW is a free data retrieval call binding the contract method 0xda2672ed.
//
// Solidity: function KIND_DRAW() view returns(uint8)
func (_MasterVault *MasterVaultCallerSession) KINDDRAW() (uint8, error) {
	return _MasterVault.Contract.KINDDRAW(&_MasterVault.CallOpts)
}

// KINDLIEN is a free data retrieval call binding the contract method 0xa01e9ea6.
//
// Solidity: function KIND_LIEN() view returns(uint8)
func (_MasterVault *MasterVaultCaller) KINDLIEN(opts *bind.CallOpts) (uint8, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "KIND_LIEN")

	if err != nil {
		return *new(uint8), err
	}

	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)

	return out0, err

}

// KINDLIEN is a free data retrieval call binding the contract method 0xa01e9ea6.
//
// Solidity: function KIND_LIEN() view returns(uint8)
func (_MasterVault *MasterVaultSession) KINDLIEN() (uint8, error) {
	return _MasterVault.Contract.KINDLIEN(&_MasterVault.CallOpts)
}

// KINDLIEN is a free data retrieval call binding the contract method 0xa01e9ea6.
//
// Solidity: function KIND_LIEN() view returns(uint8)
func (_MasterVault *MasterVaultCallerSession) KINDLIEN() (uint8, error) {
	return _MasterVault.Contract.KINDLIEN(&_MasterVault.CallOpts)
}

// KINDWITHDRAW is a free data retrieval call binding the contract method 0xfaa9cabb.
//
// Solidity: function KIND_WITHDRAW() view returns(uint8)
func (_MasterVault *MasterVaultCaller) KINDWITHDRAW(opts *bind.CallOpts) (uint8, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "KIND_WITHDRAW")

	if err != nil {
		return *new(uint8), err
	}

	out0 := *abi.ConvertType(out[0], new(uint8)).(*uint8)

	return out0, err

}

// KINDWITHDRAW is a free data retrieval call binding the contract method 0xfaa9cabb.
//
// Solidity: function KIND_WITHDRAW() view returns(uint8)
func (_MasterVault *MasterVaultSession) KINDWITHDRAW() (uint8, error) {
	return _MasterVault.Contract.KINDWITHDRAW(&_MasterVault.CallOpts)
}

// KINDWITHDRAW is a free data retrieval call binding the contract method 0xfaa9cabb.
//
// Solidity: function KIND_WITHDRAW() view returns(uint8)
func (_MasterVault *MasterVaultCallerSession) KINDWITHDRAW() (uint8, error) {
	return _MasterVault.Contract.KINDWITHDRAW(&_MasterVault.CallOpts)
}

// MAXMAXAGE is a free data retrieval call binding the contract method 0x65f287db.
//
// Solidity: function MAX_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultCaller) MAXMAXAGE(opts *bind.CallOpts) (uint64, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "MAX_MAX_AGE")

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// MAXMAXAGE is a free data retrieval call binding the contract method 0x65f287db.
//
// Solidity: function MAX_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultSession) MAXMAXAGE() (uint64, error) {
	return _MasterVault.Contract.MAXMAXAGE(&_MasterVault.CallOpts)
}

// MAXMAXAGE is a free data retrieval call binding the contract method 0x65f287db.
//
// Solidity: function MAX_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultCallerSession) MAXMAXAGE() (uint64, error) {
	return _MasterVault.Contract.MAXMAXAGE(&_MasterVault.CallOpts)
}

// MINMAXAGE is a free data retrieval call binding the contract method 0x9cda6b35.
//
// Solidity: function MIN_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultCaller) MINMAXAGE(opts *bind.CallOpts) (uint64, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "MIN_MAX_AGE")

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// MINMAXAGE is a free data retrieval call binding the contract method 0x9cda6b35.
//
// Solidity: function MIN_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultSession) MINMAXAGE() (uint64, error) {
	return _MasterVault.Contract.MINMAXAGE(&_MasterVault.CallOpts)
}

// MINMAXAGE is a free data retrieval call binding the contract method 0x9cda6b35.
//
// Solidity: function MIN_MAX_AGE() view returns(uint64)
func (_MasterVault *MasterVaultCallerSession) MINMAXAGE() (uint64, error) {
	return _MasterVault.Contract.MINMAXAGE(&_MasterVault.CallOpts)
}

// SIGNERROLE is a free data retrieval call binding the contract method 0xa1ebf35d.
//
// Solidity: function SIGNER_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) SIGNERROLE(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "SIGNER_ROLE")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// SIGNERROLE is a free data retrieval call binding the contract method 0xa1ebf35d.
//
// Solidity: function SIGNER_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultSession) SIGNERROLE() ([32]byte, error) {
	return _MasterVault.Contract.SIGNERROLE(&_MasterVault.CallOpts)
}

// SIGNERROLE is a free data retrieval call binding the contract method 0xa1ebf35d.
//
// Solidity: function SIGNER_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) SIGNERROLE() ([32]byte, error) {
	return _MasterVault.Contract.SIGNERROLE(&_MasterVault.CallOpts)
}

// VENUEROLE is a free data retrieval call binding the contract method 0x29f763a2.
//
// Solidity: function VENUE_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) VENUEROLE(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "VENUE_ROLE")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// VENUEROLE is a free data retrieval call binding the contract method 0x29f763a2.
//
// Solidity: function VENUE_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultSession) VENUEROLE() ([32]byte, error) {
	return _MasterVault.Contract.VENUEROLE(&_MasterVault.CallOpts)
}

// VENUEROLE is a free data retrieval call binding the contract method 0x29f763a2.
//
// Solidity: function VENUE_ROLE() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) VENUEROLE() ([32]byte, error) {
	return _MasterVault.Contract.VENUEROLE(&_MasterVault.CallOpts)
}

// AttestationDigest is a free data retrieval call binding the contract method 0x92038f4a.
//
// Solidity: function attestationDigest((uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a) view returns(bytes32)
func (_MasterVault *MasterVaultCaller) AttestationDigest(opts *bind.CallOpts, a AttestationVerifierAttestation) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "attestationDigest", a)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// AttestationDigest is a free data retrieval call binding the contract method 0x92038f4a.
//
// Solidity: function attestationDigest((uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a) view returns(bytes32)
func (_MasterVault *MasterVaultSession) AttestationDigest(a AttestationVerifierAttestation) ([32]byte, error) {
	return _MasterVault.Contract.AttestationDigest(&_MasterVault.CallOpts, a)
}

// AttestationDigest is a free data retrieval call binding the contract method 0x92038f4a.
//
// Solidity: function attestationDigest((uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a) view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) AttestationDigest(a AttestationVerifierAttestation) ([32]byte, error) {
	return _MasterVault.Contract.AttestationDigest(&_MasterVault.CallOpts, a)
}

// BalancesOf is a free data retrieval call binding the contract method 0x6392a51f.
//
// Solidity: function balancesOf(address account) view returns(address[] vaultList, uint256[] shares, uint256[] assets)
func (_MasterVault *MasterVaultCaller) BalancesOf(opts *bind.CallOpts, account common.Address) (struct {
	VaultList []common.Address
	Shares    []*big.Int
	Assets    []*big.Int
}, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "balancesOf", account)

	outstruct := new(struct {
		VaultList []common.Address
		Shares    []*big.Int
		Assets    []*big.Int
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.VaultList = *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)
	outstruct.Shares = *abi.ConvertType(out[1], new([]*big.Int)).(*[]*big.Int)
	outstruct.Assets = *abi.ConvertType(out[2], new([]*big.Int)).(*[]*big.Int)

	return *outstruct, err

}

// BalancesOf is a free data retrieval call binding the contract method 0x6392a51f.
//
// Solidity: function balancesOf(address account) view returns(address[] vaultList, uint256[] shares, uint256[] assets)
func (_MasterVault *MasterVaultSession) BalancesOf(account common.Address) (struct {
	VaultList []common.Address
	Shares    []*big.Int
	Assets    []*big.Int
}, error) {
	return _MasterVault.Contract.BalancesOf(&_MasterVault.CallOpts, account)
}

// BalancesOf is a free data retrieval call binding the contract method 0x6392a51f.
//
// Solidity: function balancesOf(address account) view returns(address[] vaultList, uint256[] shares, uint256[] assets)
func (_MasterVault *MasterVaultCallerSession) BalancesOf(account common.Address) (struct {
	VaultList []common.Address
	Shares    []*big.Int
	Assets    []*big.Int
}, error) {
	return _MasterVault.Contract.BalancesOf(&_MasterVault.CallOpts, account)
}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) DomainSeparator(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "domainSeparator")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_MasterVault *MasterVaultSession) DomainSeparator() ([32]byte, error) {
	return _MasterVault.Contract.DomainSeparator(&_MasterVault.CallOpts)
}

// DomainSeparator is a free data retrieval call binding the contract method 0xf698da25.
//
// Solidity: function domainSeparator() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) DomainSeparator() ([32]byte, error) {
	return _MasterVault.Contract.DomainSeparator(&_MasterVault.CallOpts)
}

// Eip712Domain is a free data retrieval call binding the contract method 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (_MasterVault *MasterVaultCaller) Eip712Domain(opts *bind.CallOpts) (struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "eip712Domain")

	outstruct := new(struct {
		Fields            [1]byte
		Name              string
		Version           string
		ChainId           *big.Int
		VerifyingContract common.Address
		Salt              [32]byte
		Extensions        []*big.Int
	})
	if err != nil {
		return *outstruct, err
	}

	outstruct.Fields = *abi.ConvertType(out[0], new([1]byte)).(*[1]byte)
	outstruct.Name = *abi.ConvertType(out[1], new(string)).(*string)
	outstruct.Version = *abi.ConvertType(out[2], new(string)).(*string)
	outstruct.ChainId = *abi.ConvertType(out[3], new(*big.Int)).(**big.Int)
	outstruct.VerifyingContract = *abi.ConvertType(out[4], new(common.Address)).(*common.Address)
	outstruct.Salt = *abi.ConvertType(out[5], new([32]byte)).(*[32]byte)
	outstruct.Extensions = *abi.ConvertType(out[6], new([]*big.Int)).(*[]*big.Int)

	return *outstruct, err

}

// Eip712Domain is a free data retrieval call binding the contract method 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (_MasterVault *MasterVaultSession) Eip712Domain() (struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}, error) {
	return _MasterVault.Contract.Eip712Domain(&_MasterVault.CallOpts)
}

// Eip712Domain is a free data retrieval call binding the contract method 0x84b0196e.
//
// Solidity: function eip712Domain() view returns(bytes1 fields, string name, string version, uint256 chainId, address verifyingContract, bytes32 salt, uint256[] extensions)
func (_MasterVault *MasterVaultCallerSession) Eip712Domain() (struct {
	Fields            [1]byte
	Name              string
	Version           string
	ChainId           *big.Int
	VerifyingContract common.Address
	Salt              [32]byte
	Extensions        []*big.Int
}, error) {
	return _MasterVault.Contract.Eip712Domain(&_MasterVault.CallOpts)
}

// GetRoleAdmin is a free data retrieval call binding the contract method 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (_MasterVault *MasterVaultCaller) GetRoleAdmin(opts *bind.CallOpts, role [32]byte) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "getRoleAdmin", role)

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// GetRoleAdmin is a free data retrieval call binding the contract method 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (_MasterVault *MasterVaultSession) GetRoleAdmin(role [32]byte) ([32]byte, error) {
	return _MasterVault.Contract.GetRoleAdmin(&_MasterVault.CallOpts, role)
}

// GetRoleAdmin is a free data retrieval call binding the contract method 0x248a9ca3.
//
// Solidity: function getRoleAdmin(bytes32 role) view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) GetRoleAdmin(role [32]byte) ([32]byte, error) {
	return _MasterVault.Contract.GetRoleAdmin(&_MasterVault.CallOpts, role)
}

// HasRole is a free data retrieval call binding the contract method 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (_MasterVault *MasterVaultCaller) HasRole(opts *bind.CallOpts, role [32]byte, account common.Address) (bool, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "hasRole", role, account)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// HasRole is a free data retrieval call binding the contract method 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (_MasterVault *MasterVaultSession) HasRole(role [32]byte, account common.Address) (bool, error) {
	return _MasterVault.Contract.HasRole(&_MasterVault.CallOpts, role, account)
}

// HasRole is a free data retrieval call binding the contract method 0x91d14854.
//
// Solidity: function hasRole(bytes32 role, address account) view returns(bool)
func (_MasterVault *MasterVaultCallerSession) HasRole(role [32]byte, account common.Address) (bool, error) {
	return _MasterVault.Contract.HasRole(&_MasterVault.CallOpts, role, account)
}

// IsVault is a free data retrieval call binding the contract method 0x652b9b41.
//
// Solidity: function isVault(address vault) view returns(bool)
func (_MasterVault *MasterVaultCaller) IsVault(opts *bind.CallOpts, vault common.Address) (bool, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "isVault", vault)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// IsVault is a free data retrieval call binding the contract method 0x652b9b41.
//
// Solidity: function isVault(address vault) view returns(bool)
func (_MasterVault *MasterVaultSession) IsVault(vault common.Address) (bool, error) {
	return _MasterVault.Contract.IsVault(&_MasterVault.CallOpts, vault)
}

// IsVault is a free data retrieval call binding the contract method 0x652b9b41.
//
// Solidity: function isVault(address vault) view returns(bool)
func (_MasterVault *MasterVaultCallerSession) IsVault(vault common.Address) (bool, error) {
	return _MasterVault.Contract.IsVault(&_MasterVault.CallOpts, vault)
}

// LienOf is a free data retrieval call binding the contract method 0xf596bd18.
//
// Solidity: function lienOf(address account, address venue) view returns(uint256)
func (_MasterVault *MasterVaultCaller) LienOf(opts *bind.CallOpts, account common.Address, venue common.Address) (*big.Int, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "lienOf", account, venue)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// LienOf is a free data retrieval call binding the contract method 0xf596bd18.
//
// Solidity: function lienOf(address account, address venue) view returns(uint256)
func (_MasterVault *MasterVaultSession) LienOf(account common.Address, venue common.Address) (*big.Int, error) {
	return _MasterVault.Contract.LienOf(&_MasterVault.CallOpts, account, venue)
}

// LienOf is a free data retrieval call binding the contract method 0xf596bd18.
//
// Solidity: function lienOf(address account, address venue) view returns(uint256)
func (_MasterVault *MasterVaultCallerSession) LienOf(account common.Address, venue common.Address) (*big.Int, error) {
	return _MasterVault.Contract.LienOf(&_MasterVault.CallOpts, account, venue)
}

// LiensOf is a free data retrieval call binding the contract method 0x76400de0.
//
// Solidity: function liensOf(address account) view returns(uint256)
func (_MasterVault *MasterVaultCaller) LiensOf(opts *bind.CallOpts, account common.Address) (*big.Int, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "liensOf", account)

	if err != nil {
		return *new(*big.Int), err
	}

	out0 := *abi.ConvertType(out[0], new(*big.Int)).(**big.Int)

	return out0, err

}

// LiensOf is a free data retrieval call binding the contract method 0x76400de0.
//
// Solidity: function liensOf(address account) view returns(uint256)
func (_MasterVault *MasterVaultSession) LiensOf(account common.Address) (*big.Int, error) {
	return _MasterVault.Contract.LiensOf(&_MasterVault.CallOpts, account)
}

// LiensOf is a free data retrieval call binding the contract method 0x76400de0.
//
// Solidity: function liensOf(address account) view returns(uint256)
func (_MasterVault *MasterVaultCallerSession) LiensOf(account common.Address) (*big.Int, error) {
	return _MasterVault.Contract.LiensOf(&_MasterVault.CallOpts, account)
}

// MaxAge is a free data retrieval call binding the contract method 0x687043c5.
//
// Solidity: function maxAge() view returns(uint64)
func (_MasterVault *MasterVaultCaller) MaxAge(opts *bind.CallOpts) (uint64, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "maxAge")

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// MaxAge is a free data retrieval call binding the contract method 0x687043c5.
//
// Solidity: function maxAge() view returns(uint64)
func (_MasterVault *MasterVaultSession) MaxAge() (uint64, error) {
	return _MasterVault.Contract.MaxAge(&_MasterVault.CallOpts)
}

// MaxAge is a free data retrieval call binding the contract method 0x687043c5.
//
// Solidity: function maxAge() view returns(uint64)
func (_MasterVault *MasterVaultCallerSession) MaxAge() (uint64, error) {
	return _MasterVault.Contract.MaxAge(&_MasterVault.CallOpts)
}

// NonceOf is a free data retrieval call binding the contract method 0xed2a2d64.
//
// Solidity: function nonceOf(address account) view returns(uint64)
func (_MasterVault *MasterVaultCaller) NonceOf(opts *bind.CallOpts, account common.Address) (uint64, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "nonceOf", account)

	if err != nil {
		return *new(uint64), err
	}

	out0 := *abi.ConvertType(out[0], new(uint64)).(*uint64)

	return out0, err

}

// NonceOf is a free data retrieval call binding the contract method 0xed2a2d64.
//
// Solidity: function nonceOf(address account) view returns(uint64)
func (_MasterVault *MasterVaultSession) NonceOf(account common.Address) (uint64, error) {
	return _MasterVault.Contract.NonceOf(&_MasterVault.CallOpts, account)
}

// NonceOf is a free data retrieval call binding the contract method 0xed2a2d64.
//
// Solidity: function nonceOf(address account) view returns(uint64)
func (_MasterVault *MasterVaultCallerSession) NonceOf(account common.Address) (uint64, error) {
	return _MasterVault.Contract.NonceOf(&_MasterVault.CallOpts, account)
}

// ParamsVersion is a free data retrieval call binding the contract method 0x2b40ccca.
//
// Solidity: function paramsVersion() view returns(bytes32)
func (_MasterVault *MasterVaultCaller) ParamsVersion(opts *bind.CallOpts) ([32]byte, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "paramsVersion")

	if err != nil {
		return *new([32]byte), err
	}

	out0 := *abi.ConvertType(out[0], new([32]byte)).(*[32]byte)

	return out0, err

}

// ParamsVersion is a free data retrieval call binding the contract method 0x2b40ccca.
//
// Solidity: function paramsVersion() view returns(bytes32)
func (_MasterVault *MasterVaultSession) ParamsVersion() ([32]byte, error) {
	return _MasterVault.Contract.ParamsVersion(&_MasterVault.CallOpts)
}

// ParamsVersion is a free data retrieval call binding the contract method 0x2b40ccca.
//
// Solidity: function paramsVersion() view returns(bytes32)
func (_MasterVault *MasterVaultCallerSession) ParamsVersion() ([32]byte, error) {
	return _MasterVault.Contract.ParamsVersion(&_MasterVault.CallOpts)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_MasterVault *MasterVaultCaller) SupportsInterface(opts *bind.CallOpts, interfaceId [4]byte) (bool, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "supportsInterface", interfaceId)

	if err != nil {
		return *new(bool), err
	}

	out0 := *abi.ConvertType(out[0], new(bool)).(*bool)

	return out0, err

}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_MasterVault *MasterVaultSession) SupportsInterface(interfaceId [4]byte) (bool, error) {
	return _MasterVault.Contract.SupportsInterface(&_MasterVault.CallOpts, interfaceId)
}

// SupportsInterface is a free data retrieval call binding the contract method 0x01ffc9a7.
//
// Solidity: function supportsInterface(bytes4 interfaceId) view returns(bool)
func (_MasterVault *MasterVaultCallerSession) SupportsInterface(interfaceId [4]byte) (bool, error) {
	return _MasterVault.Contract.SupportsInterface(&_MasterVault.CallOpts, interfaceId)
}

// VaultOf is a free data retrieval call binding the contract method 0x0709df45.
//
// Solidity: function vaultOf(address asset) view returns(address)
func (_MasterVault *MasterVaultCaller) VaultOf(opts *bind.CallOpts, asset common.Address) (common.Address, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "vaultOf", asset)

	if err != nil {
		return *new(common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new(common.Address)).(*common.Address)

	return out0, err

}

// VaultOf is a free data retrieval call binding the contract method 0x0709df45.
//
// Solidity: function vaultOf(address asset) view returns(address)
func (_MasterVault *MasterVaultSession) VaultOf(asset common.Address) (common.Address, error) {
	return _MasterVault.Contract.VaultOf(&_MasterVault.CallOpts, asset)
}

// VaultOf is a free data retrieval call binding the contract method 0x0709df45.
//
// Solidity: function vaultOf(address asset) view returns(address)
func (_MasterVault *MasterVaultCallerSession) VaultOf(asset common.Address) (common.Address, error) {
	return _MasterVault.Contract.VaultOf(&_MasterVault.CallOpts, asset)
}

// Vaults is a free data retrieval call binding the contract method 0x8220ef5b.
//
// Solidity: function vaults() view returns(address[])
func (_MasterVault *MasterVaultCaller) Vaults(opts *bind.CallOpts) ([]common.Address, error) {
	var out []interface{}
	err := _MasterVault.contract.Call(opts, &out, "vaults")

	if err != nil {
		return *new([]common.Address), err
	}

	out0 := *abi.ConvertType(out[0], new([]common.Address)).(*[]common.Address)

	return out0, err

}

// Vaults is a free data retrieval call binding the contract method 0x8220ef5b.
//
// Solidity: function vaults() view returns(address[])
func (_MasterVault *MasterVaultSession) Vaults() ([]common.Address, error) {
	return _MasterVault.Contract.Vaults(&_MasterVault.CallOpts)
}

// Vaults is a free data retrieval call binding the contract method 0x8220ef5b.
//
// Solidity: function vaults() view returns(address[])
func (_MasterVault *MasterVaultCallerSession) Vaults() ([]common.Address, error) {
	return _MasterVault.Contract.Vaults(&_MasterVault.CallOpts)
}

// AddVault is a paid mutator transaction binding the contract method 0x256b5a02.
//
// Solidity: function addVault(address vault) returns()
func (_MasterVault *MasterVaultTransactor) AddVault(opts *bind.TransactOpts, vault common.Address) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "addVault", vault)
}

// AddVault is a paid mutator transaction binding the contract method 0x256b5a02.
//
// Solidity: function addVault(address vault) returns()
func (_MasterVault *MasterVaultSession) AddVault(vault common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.AddVault(&_MasterVault.TransactOpts, vault)
}

// AddVault is a paid mutator transaction binding the contract method 0x256b5a02.
//
// Solidity: function addVault(address vault) returns()
func (_MasterVault *MasterVaultTransactorSession) AddVault(vault common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.AddVault(&_MasterVault.TransactOpts, vault)
}

// Draw is a paid mutator transaction binding the contract method 0x9a9eef4b.
//
// Solidity: function draw(address account, address vault, uint256 usd, uint256 assets, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultTransactor) Draw(opts *bind.TransactOpts, account common.Address, vault common.Address, usd *big.Int, assets *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "draw", account, vault, usd, assets, a, sig)
}

// Draw is a paid mutator transaction binding the contract method 0x9a9eef4b.
//
// Solidity: function draw(address account, address vault, uint256 usd, uint256 assets, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultSession) Draw(account common.Address, vault common.Address, usd *big.Int, assets *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Draw(&_MasterVault.TransactOpts, account, vault, usd, assets, a, sig)
}

// Draw is a paid mutator transaction binding the contract method 0x9a9eef4b.
//
// Solidity: function draw(address account, address vault, uint256 usd, uint256 assets, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultTransactorSession) Draw(account common.Address, vault common.Address, usd *big.Int, assets *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Draw(&_MasterVault.TransactOpts, account, vault, usd, assets, a, sig)
}

// GrantLien is a paid mutator transaction binding the contract method 0x38eb52fd.
//
// Solidity: function grantLien(address venue, uint256 usd, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns()
func (_MasterVault *MasterVaultTransactor) GrantLien(opts *bind.TransactOpts, venue common.Address, usd *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "grantLien", venue, usd, a, sig)
}

// GrantLien is a paid mutator transaction binding the contract method 0x38eb52fd.
//
// Solidity: function grantLien(address venue, uint256 usd, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns()
func (_MasterVault *MasterVaultSession) GrantLien(venue common.Address, usd *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.GrantLien(&_MasterVault.TransactOpts, venue, usd, a, sig)
}

// GrantLien is a paid mutator transaction binding the contract method 0x38eb52fd.
//
// Solidity: function grantLien(address venue, uint256 usd, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns()
func (_MasterVault *MasterVaultTransactorSession) GrantLien(venue common.Address, usd *big.Int, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.GrantLien(&_MasterVault.TransactOpts, venue, usd, a, sig)
}

// GrantRole is a paid mutator transaction binding the contract method 0x2f2ff15d.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultTransactor) GrantRole(opts *bind.TransactOpts, role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "grantRole", role, account)
}

// GrantRole is a paid mutator transaction binding the contract method 0x2f2ff15d.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultSession) GrantRole(role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.GrantRole(&_MasterVault.TransactOpts, role, account)
}

// GrantRole is a paid mutator transaction binding the contract method 0x2f2ff15d.
//
// Solidity: function grantRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultTransactorSession) GrantRole(role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.GrantRole(&_MasterVault.TransactOpts, role, account)
}

// Redeem is a paid mutator transaction binding the contract method 0x5eddd8e5.
//
// Solidity: function redeem(address vault, uint256 shares, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 assets)
func (_MasterVault *MasterVaultTransactor) Redeem(opts *bind.TransactOpts, vault common.Address, shares *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "redeem", vault, shares, receiver, a, sig)
}

// Redeem is a paid mutator transaction binding the contract method 0x5eddd8e5.
//
// Solidity: function redeem(address vault, uint256 shares, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 assets)
func (_MasterVault *MasterVaultSession) Redeem(vault common.Address, shares *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Redeem(&_MasterVault.TransactOpts, vault, shares, receiver, a, sig)
}

// Redeem is a paid mutator transaction binding the contract method 0x5eddd8e5.
//
// Solidity: function redeem(address vault, uint256 shares, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 assets)
func (_MasterVault *MasterVaultTransactorSession) Redeem(vault common.Address, shares *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Redeem(&_MasterVault.TransactOpts, vault, shares, receiver, a, sig)
}

// ReleaseLien is a paid mutator transaction binding the contract method 0xf0fb7223.
//
// Solidity: function releaseLien(address account, uint256 usd) returns()
func (_MasterVault *MasterVaultTransactor) ReleaseLien(opts *bind.TransactOpts, account common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "releaseLien", account, usd)
}

// ReleaseLien is a paid mutator transaction binding the contract method 0xf0fb7223.
//
// Solidity: function releaseLien(address account, uint256 usd) returns()
func (_MasterVault *MasterVaultSession) ReleaseLien(account common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.Contract.ReleaseLien(&_MasterVault.TransactOpts, account, usd)
}

// ReleaseLien is a paid mutator transaction binding the contract method 0xf0fb7223.
//
// Solidity: function releaseLien(address account, uint256 usd) returns()
func (_MasterVault *MasterVaultTransactorSession) ReleaseLien(account common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.Contract.ReleaseLien(&_MasterVault.TransactOpts, account, usd)
}

// ReleaseLienFor is a paid mutator transaction binding the contract method 0x91b35a1e.
//
// Solidity: function releaseLienFor(address account, address venue, uint256 usd) returns()
func (_MasterVault *MasterVaultTransactor) ReleaseLienFor(opts *bind.TransactOpts, account common.Address, venue common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "releaseLienFor", account, venue, usd)
}

// ReleaseLienFor is a paid mutator transaction binding the contract method 0x91b35a1e.
//
// Solidity: function releaseLienFor(address account, address venue, uint256 usd) returns()
func (_MasterVault *MasterVaultSession) ReleaseLienFor(account common.Address, venue common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.Contract.ReleaseLienFor(&_MasterVault.TransactOpts, account, venue, usd)
}

// ReleaseLienFor is a paid mutator transaction binding the contract method 0x91b35a1e.
//
// Solidity: function releaseLienFor(address account, address venue, uint256 usd) returns()
func (_MasterVault *MasterVaultTransactorSession) ReleaseLienFor(account common.Address, venue common.Address, usd *big.Int) (*types.Transaction, error) {
	return _MasterVault.Contract.ReleaseLienFor(&_MasterVault.TransactOpts, account, venue, usd)
}

// RenounceRole is a paid mutator transaction binding the contract method 0x36568abe.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (_MasterVault *MasterVaultTransactor) RenounceRole(opts *bind.TransactOpts, role [32]byte, callerConfirmation common.Address) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "renounceRole", role, callerConfirmation)
}

// RenounceRole is a paid mutator transaction binding the contract method 0x36568abe.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (_MasterVault *MasterVaultSession) RenounceRole(role [32]byte, callerConfirmation common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.RenounceRole(&_MasterVault.TransactOpts, role, callerConfirmation)
}

// RenounceRole is a paid mutator transaction binding the contract method 0x36568abe.
//
// Solidity: function renounceRole(bytes32 role, address callerConfirmation) returns()
func (_MasterVault *MasterVaultTransactorSession) RenounceRole(role [32]byte, callerConfirmation common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.RenounceRole(&_MasterVault.TransactOpts, role, callerConfirmation)
}

// RevokeRole is a paid mutator transaction binding the contract method 0xd547741f.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultTransactor) RevokeRole(opts *bind.TransactOpts, role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "revokeRole", role, account)
}

// RevokeRole is a paid mutator transaction binding the contract method 0xd547741f.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultSession) RevokeRole(role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.RevokeRole(&_MasterVault.TransactOpts, role, account)
}

// RevokeRole is a paid mutator transaction binding the contract method 0xd547741f.
//
// Solidity: function revokeRole(bytes32 role, address account) returns()
func (_MasterVault *MasterVaultTransactorSession) RevokeRole(role [32]byte, account common.Address) (*types.Transaction, error) {
	return _MasterVault.Contract.RevokeRole(&_MasterVault.TransactOpts, role, account)
}

// SetMaxAge is a paid mutator transaction binding the contract method 0xbb630b02.
//
// Solidity: function setMaxAge(uint64 maxAge_) returns()
func (_MasterVault *MasterVaultTransactor) SetMaxAge(opts *bind.TransactOpts, maxAge_ uint64) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "setMaxAge", maxAge_)
}

// SetMaxAge is a paid mutator transaction binding the contract method 0xbb630b02.
//
// Solidity: function setMaxAge(uint64 maxAge_) returns()
func (_MasterVault *MasterVaultSession) SetMaxAge(maxAge_ uint64) (*types.Transaction, error) {
	return _MasterVault.Contract.SetMaxAge(&_MasterVault.TransactOpts, maxAge_)
}

// SetMaxAge is a paid mutator transaction binding the contract method 0xbb630b02.
//
// Solidity: function setMaxAge(uint64 maxAge_) returns()
func (_MasterVault *MasterVaultTransactorSession) SetMaxAge(maxAge_ uint64) (*types.Transaction, error) {
	return _MasterVault.Contract.SetMaxAge(&_MasterVault.TransactOpts, maxAge_)
}

// SetParamsVersion is a paid mutator transaction binding the contract method 0xc0b6e15d.
//
// Solidity: function setParamsVersion(bytes32 version) returns()
func (_MasterVault *MasterVaultTransactor) SetParamsVersion(opts *bind.TransactOpts, version [32]byte) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "setParamsVersion", version)
}

// SetParamsVersion is a paid mutator transaction binding the contract method 0xc0b6e15d.
//
// Solidity: function setParamsVersion(bytes32 version) returns()
func (_MasterVault *MasterVaultSession) SetParamsVersion(version [32]byte) (*types.Transaction, error) {
	return _MasterVault.Contract.SetParamsVersion(&_MasterVault.TransactOpts, version)
}

// SetParamsVersion is a paid mutator transaction binding the contract method 0xc0b6e15d.
//
// Solidity: function setParamsVersion(bytes32 version) returns()
func (_MasterVault *MasterVaultTransactorSession) SetParamsVersion(version [32]byte) (*types.Transaction, error) {
	return _MasterVault.Contract.SetParamsVersion(&_MasterVault.TransactOpts, version)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb0eb4bea.
//
// Solidity: function withdraw(address vault, uint256 assets, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultTransactor) Withdraw(opts *bind.TransactOpts, vault common.Address, assets *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.contract.Transact(opts, "withdraw", vault, assets, receiver, a, sig)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb0eb4bea.
//
// Solidity: function withdraw(address vault, uint256 assets, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultSession) Withdraw(vault common.Address, assets *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Withdraw(&_MasterVault.TransactOpts, vault, assets, receiver, a, sig)
}

// Withdraw is a paid mutator transaction binding the contract method 0xb0eb4bea.
//
// Solidity: function withdraw(address vault, uint256 assets, address receiver, (uint8,address,address,address,uint256,uint256,uint256,uint256,int256,uint256,bytes32,uint64,uint64) a, bytes sig) returns(uint256 shares)
func (_MasterVault *MasterVaultTransactorSession) Withdraw(vault common.Address, assets *big.Int, receiver common.Address, a AttestationVerifierAttestation, sig []byte) (*types.Transaction, error) {
	return _MasterVault.Contract.Withdraw(&_MasterVault.TransactOpts, vault, assets, receiver, a, sig)
}

// MasterVaultAttestationUsedIterator is returned from FilterAttestationUsed and is used to iterate over the raw logs and unpacked data for AttestationUsed events raised by the MasterVault contract.
type MasterVaultAttestationUsedIterator struct {
	Event *MasterVaultAttestationUsed // Event containing the contract specifics and raw log

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
func (it *MasterVaultAttestationUsedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultAttestationUsed)
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
		it.Event = new(MasterVaultAttestationUsed)
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
func (it *MasterVaultAttestationUsedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultAttestationUsedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultAttestationUsed represents a AttestationUsed event raised by the MasterVault contract.
type MasterVaultAttestationUsed struct {
	Account    common.Address
	Kind       uint8
	Nonce      uint64
	Signer     common.Address
	MarketTime uint64
	Raw        types.Log // Blockchain specific contextual infos
}

// FilterAttestationUsed is a free log retrieval operation binding the contract event 0xb3be4e4250857351ac8eb63586aca3cef7fad8d135b4ab01a79c25a252b5ee51.
//
// Solidity: event AttestationUsed(address indexed account, uint8 kind, uint64 nonce, address signer, uint64 marketTime)
func (_MasterVault *MasterVaultFilterer) FilterAttestationUsed(opts *bind.FilterOpts, account []common.Address) (*MasterVaultAttestationUsedIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "AttestationUsed", accountRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultAttestationUsedIterator{contract: _MasterVault.contract, event: "AttestationUsed", logs: logs, sub: sub}, nil
}

// WatchAttestationUsed is a free log subscription operation binding the contract event 0xb3be4e4250857351ac8eb63586aca3cef7fad8d135b4ab01a79c25a252b5ee51.
//
// Solidity: event AttestationUsed(address indexed account, uint8 kind, uint64 nonce, address signer, uint64 marketTime)
func (_MasterVault *MasterVaultFilterer) WatchAttestationUsed(opts *bind.WatchOpts, sink chan<- *MasterVaultAttestationUsed, account []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "AttestationUsed", accountRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultAttestationUsed)
				if err := _MasterVault.contract.UnpackLog(event, "AttestationUsed", log); err != nil {
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

// ParseAttestationUsed is a log parse operation binding the contract event 0xb3be4e4250857351ac8eb63586aca3cef7fad8d135b4ab01a79c25a252b5ee51.
//
// Solidity: event AttestationUsed(address indexed account, uint8 kind, uint64 nonce, address signer, uint64 marketTime)
func (_MasterVault *MasterVaultFilterer) ParseAttestationUsed(log types.Log) (*MasterVaultAttestationUsed, error) {
	event := new(MasterVaultAttestationUsed)
	if err := _MasterVault.contract.UnpackLog(event, "AttestationUsed", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultEIP712DomainChangedIterator is returned from FilterEIP712DomainChanged and is used to iterate over the raw logs and unpacked data for EIP712DomainChanged events raised by the MasterVault contract.
type MasterVaultEIP712DomainChangedIterator struct {
	Event *MasterVaultEIP712DomainChanged // Event containing the contract specifics and raw log

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
func (it *MasterVaultEIP712DomainChangedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultEIP712DomainChanged)
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
		it.Event = new(MasterVaultEIP712DomainChanged)
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
func (it *MasterVaultEIP712DomainChangedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultEIP712DomainChangedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultEIP712DomainChanged represents a EIP712DomainChanged event raised by the MasterVault contract.
type MasterVaultEIP712DomainChanged struct {
	Raw types.Log // Blockchain specific contextual infos
}

// FilterEIP712DomainChanged is a free log retrieval operation binding the contract event 0x0a6387c9ea3628b88a633bb4f3b151770f70085117a15f9bf3787cda53f13d31.
//
// Solidity: event EIP712DomainChanged()
func (_MasterVault *MasterVaultFilterer) FilterEIP712DomainChanged(opts *bind.FilterOpts) (*MasterVaultEIP712DomainChangedIterator, error) {

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "EIP712DomainChanged")
	if err != nil {
		return nil, err
	}
	return &MasterVaultEIP712DomainChangedIterator{contract: _MasterVault.contract, event: "EIP712DomainChanged", logs: logs, sub: sub}, nil
}

// WatchEIP712DomainChanged is a free log subscription operation binding the contract event 0x0a6387c9ea3628b88a633bb4f3b151770f70085117a15f9bf3787cda53f13d31.
//
// Solidity: event EIP712DomainChanged()
func (_MasterVault *MasterVaultFilterer) WatchEIP712DomainChanged(opts *bind.WatchOpts, sink chan<- *MasterVaultEIP712DomainChanged) (event.Subscription, error) {

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "EIP712DomainChanged")
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultEIP712DomainChanged)
				if err := _MasterVault.contract.UnpackLog(event, "EIP712DomainChanged", log); err != nil {
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

// ParseEIP712DomainChanged is a log parse operation binding the contract event 0x0a6387c9ea3628b88a633bb4f3b151770f70085117a15f9bf3787cda53f13d31.
//
// Solidity: event EIP712DomainChanged()
func (_MasterVault *MasterVaultFilterer) ParseEIP712DomainChanged(log types.Log) (*MasterVaultEIP712DomainChanged, error) {
	event := new(MasterVaultEIP712DomainChanged)
	if err := _MasterVault.contract.UnpackLog(event, "EIP712DomainChanged", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultGatedExitIterator is returned from FilterGatedExit and is used to iterate over the raw logs and unpacked data for GatedExit events raised by the MasterVault contract.
type MasterVaultGatedExitIterator struct {
	Event *MasterVaultGatedExit // Event containing the contract specifics and raw log

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
func (it *MasterVaultGatedExitIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultGatedExit)
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
		it.Event = new(MasterVaultGatedExit)
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
func (it *MasterVaultGatedExitIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultGatedExitIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultGatedExit represents a GatedExit event raised by the MasterVault contract.
type MasterVaultGatedExit struct {
	Account common.Address
	Vault   common.Address
	Assets  *big.Int
	Shares  *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterGatedExit is a free log retrieval operation binding the contract event 0x57c173e338f004a247ab96c0fe2b5d673b6183e0972a547195e1b1b694c7792c.
//
// Solidity: event GatedExit(address indexed account, address vault, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) FilterGatedExit(opts *bind.FilterOpts, account []common.Address) (*MasterVaultGatedExitIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "GatedExit", accountRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultGatedExitIterator{contract: _MasterVault.contract, event: "GatedExit", logs: logs, sub: sub}, nil
}

// WatchGatedExit is a free log subscription operation binding the contract event 0x57c173e338f004a247ab96c0fe2b5d673b6183e0972a547195e1b1b694c7792c.
//
// Solidity: event GatedExit(address indexed account, address vault, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) WatchGatedExit(opts *bind.WatchOpts, sink chan<- *MasterVaultGatedExit, account []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "GatedExit", accountRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultGatedExit)
				if err := _MasterVault.contract.UnpackLog(event, "GatedExit", log); err != nil {
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

// ParseGatedExit is a log parse operation binding the contract event 0x57c173e338f004a247ab96c0fe2b5d673b6183e0972a547195e1b1b694c7792c.
//
// Solidity: event GatedExit(address indexed account, address vault, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) ParseGatedExit(log types.Log) (*MasterVaultGatedExit, error) {
	event := new(MasterVaultGatedExit)
	if err := _MasterVault.contract.UnpackLog(event, "GatedExit", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultLienDrawnIterator is returned from FilterLienDrawn and is used to iterate over the raw logs and unpacked data for LienDrawn events raised by the MasterVault contract.
type MasterVaultLienDrawnIterator struct {
	Event *MasterVaultLienDrawn // Event containing the contract specifics and raw log

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
func (it *MasterVaultLienDrawnIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultLienDrawn)
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
		it.Event = new(MasterVaultLienDrawn)
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
func (it *MasterVaultLienDrawnIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultLienDrawnIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultLienDrawn represents a LienDrawn event raised by the MasterVault contract.
type MasterVaultLienDrawn struct {
	Account common.Address
	Venue   common.Address
	Vault   common.Address
	Usd     *big.Int
	Assets  *big.Int
	Shares  *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterLienDrawn is a free log retrieval operation binding the contract event 0xc6d63a5f1269c2eb99061c40c6f521ee07f93e8daa958ae5b65d585da64b27ea.
//
// Solidity: event LienDrawn(address indexed account, address indexed venue, address vault, uint256 usd, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) FilterLienDrawn(opts *bind.FilterOpts, account []common.Address, venue []common.Address) (*MasterVaultLienDrawnIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "LienDrawn", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultLienDrawnIterator{contract: _MasterVault.contract, event: "LienDrawn", logs: logs, sub: sub}, nil
}

// WatchLienDrawn is a free log subscription operation binding the contract event 0xc6d63a5f1269c2eb99061c40c6f521ee07f93e8daa958ae5b65d585da64b27ea.
//
// Solidity: event LienDrawn(address indexed account, address indexed venue, address vault, uint256 usd, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) WatchLienDrawn(opts *bind.WatchOpts, sink chan<- *MasterVaultLienDrawn, account []common.Address, venue []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "LienDrawn", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultLienDrawn)
				if err := _MasterVault.contract.UnpackLog(event, "LienDrawn", log); err != nil {
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

// ParseLienDrawn is a log parse operation binding the contract event 0xc6d63a5f1269c2eb99061c40c6f521ee07f93e8daa958ae5b65d585da64b27ea.
//
// Solidity: event LienDrawn(address indexed account, address indexed venue, address vault, uint256 usd, uint256 assets, uint256 shares)
func (_MasterVault *MasterVaultFilterer) ParseLienDrawn(log types.Log) (*MasterVaultLienDrawn, error) {
	event := new(MasterVaultLienDrawn)
	if err := _MasterVault.contract.UnpackLog(event, "LienDrawn", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultLienGrantedIterator is returned from FilterLienGranted and is used to iterate over the raw logs and unpacked data for LienGranted events raised by the MasterVault contract.
type MasterVaultLienGrantedIterator struct {
	Event *MasterVaultLienGranted // Event containing the contract specifics and raw log

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
func (it *MasterVaultLienGrantedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultLienGranted)
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
		it.Event = new(MasterVaultLienGranted)
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
func (it *MasterVaultLienGrantedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultLienGrantedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultLienGranted represents a LienGranted event raised by the MasterVault contract.
type MasterVaultLienGranted struct {
	Account common.Address
	Venue   common.Address
	Usd     *big.Int
	Lien    *big.Int
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterLienGranted is a free log retrieval operation binding the contract event 0xc3430bdd469bb54307be2c78954c716e52733c1b6338bc025cd7d095cf732833.
//
// Solidity: event LienGranted(address indexed account, address indexed venue, uint256 usd, uint256 lien)
func (_MasterVault *MasterVaultFilterer) FilterLienGranted(opts *bind.FilterOpts, account []common.Address, venue []common.Address) (*MasterVaultLienGrantedIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "LienGranted", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultLienGrantedIterator{contract: _MasterVault.contract, event: "LienGranted", logs: logs, sub: sub}, nil
}

// WatchLienGranted is a free log subscription operation binding the contract event 0xc3430bdd469bb54307be2c78954c716e52733c1b6338bc025cd7d095cf732833.
//
// Solidity: event LienGranted(address indexed account, address indexed venue, uint256 usd, uint256 lien)
func (_MasterVault *MasterVaultFilterer) WatchLienGranted(opts *bind.WatchOpts, sink chan<- *MasterVaultLienGranted, account []common.Address, venue []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "LienGranted", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultLienGranted)
				if err := _MasterVault.contract.UnpackLog(event, "LienGranted", log); err != nil {
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

// ParseLienGranted is a log parse operation binding the contract event 0xc3430bdd469bb54307be2c78954c716e52733c1b6338bc025cd7d095cf732833.
//
// Solidity: event LienGranted(address indexed account, address indexed venue, uint256 usd, uint256 lien)
func (_MasterVault *MasterVaultFilterer) ParseLienGranted(log types.Log) (*MasterVaultLienGranted, error) {
	event := new(MasterVaultLienGranted)
	if err := _MasterVault.contract.UnpackLog(event, "LienGranted", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultLienReleasedIterator is returned from FilterLienReleased and is used to iterate over the raw logs and unpacked data for LienReleased events raised by the MasterVault contract.
type MasterVaultLienReleasedIterator struct {
	Event *MasterVaultLienReleased // Event containing the contract specifics and raw log

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
func (it *MasterVaultLienReleasedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultLienReleased)
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
		it.Event = new(MasterVaultLienReleased)
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
func (it *MasterVaultLienReleasedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultLienReleasedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultLienReleased represents a LienReleased event raised by the MasterVault contract.
type MasterVaultLienReleased struct {
	Account common.Address
	Venue   common.Address
	Usd     *big.Int
	Lien    *big.Int
	By      common.Address
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterLienReleased is a free log retrieval operation binding the contract event 0x1a8e7353429e3a3d0235d08e625bba5d42cab23b970e0a37598f056ebcf5b515.
//
// Solidity: event LienReleased(address indexed account, address indexed venue, uint256 usd, uint256 lien, address by)
func (_MasterVault *MasterVaultFilterer) FilterLienReleased(opts *bind.FilterOpts, account []common.Address, venue []common.Address) (*MasterVaultLienReleasedIterator, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "LienReleased", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultLienReleasedIterator{contract: _MasterVault.contract, event: "LienReleased", logs: logs, sub: sub}, nil
}

// WatchLienReleased is a free log subscription operation binding the contract event 0x1a8e7353429e3a3d0235d08e625bba5d42cab23b970e0a37598f056ebcf5b515.
//
// Solidity: event LienReleased(address indexed account, address indexed venue, uint256 usd, uint256 lien, address by)
func (_MasterVault *MasterVaultFilterer) WatchLienReleased(opts *bind.WatchOpts, sink chan<- *MasterVaultLienReleased, account []common.Address, venue []common.Address) (event.Subscription, error) {

	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var venueRule []interface{}
	for _, venueItem := range venue {
		venueRule = append(venueRule, venueItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "LienReleased", accountRule, venueRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultLienReleased)
				if err := _MasterVault.contract.UnpackLog(event, "LienReleased", log); err != nil {
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

// ParseLienReleased is a log parse operation binding the contract event 0x1a8e7353429e3a3d0235d08e625bba5d42cab23b970e0a37598f056ebcf5b515.
//
// Solidity: event LienReleased(address indexed account, address indexed venue, uint256 usd, uint256 lien, address by)
func (_MasterVault *MasterVaultFilterer) ParseLienReleased(log types.Log) (*MasterVaultLienReleased, error) {
	event := new(MasterVaultLienReleased)
	if err := _MasterVault.contract.UnpackLog(event, "LienReleased", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultMaxAgeSetIterator is returned from FilterMaxAgeSet and is used to iterate over the raw logs and unpacked data for MaxAgeSet events raised by the MasterVault contract.
type MasterVaultMaxAgeSetIterator struct {
	Event *MasterVaultMaxAgeSet // Event containing the contract specifics and raw log

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
func (it *MasterVaultMaxAgeSetIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultMaxAgeSet)
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
		it.Event = new(MasterVaultMaxAgeSet)
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
func (it *MasterVaultMaxAgeSetIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultMaxAgeSetIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultMaxAgeSet represents a MaxAgeSet event raised by the MasterVault contract.
type MasterVaultMaxAgeSet struct {
	MaxAge uint64
	Raw    types.Log // Blockchain specific contextual infos
}

// FilterMaxAgeSet is a free log retrieval operation binding the contract event 0x0db3374bef1892bbc82505369a338834407fa3a76893e09b92454fce7afb2f23.
//
// Solidity: event MaxAgeSet(uint64 maxAge)
func (_MasterVault *MasterVaultFilterer) FilterMaxAgeSet(opts *bind.FilterOpts) (*MasterVaultMaxAgeSetIterator, error) {

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "MaxAgeSet")
	if err != nil {
		return nil, err
	}
	return &MasterVaultMaxAgeSetIterator{contract: _MasterVault.contract, event: "MaxAgeSet", logs: logs, sub: sub}, nil
}

// WatchMaxAgeSet is a free log subscription operation binding the contract event 0x0db3374bef1892bbc82505369a338834407fa3a76893e09b92454fce7afb2f23.
//
// Solidity: event MaxAgeSet(uint64 maxAge)
func (_MasterVault *MasterVaultFilterer) WatchMaxAgeSet(opts *bind.WatchOpts, sink chan<- *MasterVaultMaxAgeSet) (event.Subscription, error) {

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "MaxAgeSet")
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultMaxAgeSet)
				if err := _MasterVault.contract.UnpackLog(event, "MaxAgeSet", log); err != nil {
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

// ParseMaxAgeSet is a log parse operation binding the contract event 0x0db3374bef1892bbc82505369a338834407fa3a76893e09b92454fce7afb2f23.
//
// Solidity: event MaxAgeSet(uint64 maxAge)
func (_MasterVault *MasterVaultFilterer) ParseMaxAgeSet(log types.Log) (*MasterVaultMaxAgeSet, error) {
	event := new(MasterVaultMaxAgeSet)
	if err := _MasterVault.contract.UnpackLog(event, "MaxAgeSet", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultParamsVersionSetIterator is returned from FilterParamsVersionSet and is used to iterate over the raw logs and unpacked data for ParamsVersionSet events raised by the MasterVault contract.
type MasterVaultParamsVersionSetIterator struct {
	Event *MasterVaultParamsVersionSet // Event containing the contract specifics and raw log

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
func (it *MasterVaultParamsVersionSetIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultParamsVersionSet)
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
		it.Event = new(MasterVaultParamsVersionSet)
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
func (it *MasterVaultParamsVersionSetIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultParamsVersionSetIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultParamsVersionSet represents a ParamsVersionSet event raised by the MasterVault contract.
type MasterVaultParamsVersionSet struct {
	ParamsVersion [32]byte
	Raw           types.Log // Blockchain specific contextual infos
}

// FilterParamsVersionSet is a free log retrieval operation binding the contract event 0x0343c63c3f976c1f3396777dba9afd0f69f262e3322fe6ec0623d268f6f05713.
//
// Solidity: event ParamsVersionSet(bytes32 paramsVersion)
func (_MasterVault *MasterVaultFilterer) FilterParamsVersionSet(opts *bind.FilterOpts) (*MasterVaultParamsVersionSetIterator, error) {

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "ParamsVersionSet")
	if err != nil {
		return nil, err
	}
	return &MasterVaultParamsVersionSetIterator{contract: _MasterVault.contract, event: "ParamsVersionSet", logs: logs, sub: sub}, nil
}

// WatchParamsVersionSet is a free log subscription operation binding the contract event 0x0343c63c3f976c1f3396777dba9afd0f69f262e3322fe6ec0623d268f6f05713.
//
// Solidity: event ParamsVersionSet(bytes32 paramsVersion)
func (_MasterVault *MasterVaultFilterer) WatchParamsVersionSet(opts *bind.WatchOpts, sink chan<- *MasterVaultParamsVersionSet) (event.Subscription, error) {

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "ParamsVersionSet")
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultParamsVersionSet)
				if err := _MasterVault.contract.UnpackLog(event, "ParamsVersionSet", log); err != nil {
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

// ParseParamsVersionSet is a log parse operation binding the contract event 0x0343c63c3f976c1f3396777dba9afd0f69f262e3322fe6ec0623d268f6f05713.
//
// Solidity: event ParamsVersionSet(bytes32 paramsVersion)
func (_MasterVault *MasterVaultFilterer) ParseParamsVersionSet(log types.Log) (*MasterVaultParamsVersionSet, error) {
	event := new(MasterVaultParamsVersionSet)
	if err := _MasterVault.contract.UnpackLog(event, "ParamsVersionSet", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultRoleAdminChangedIterator is returned from FilterRoleAdminChanged and is used to iterate over the raw logs and unpacked data for RoleAdminChanged events raised by the MasterVault contract.
type MasterVaultRoleAdminChangedIterator struct {
	Event *MasterVaultRoleAdminChanged // Event containing the contract specifics and raw log

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
func (it *MasterVaultRoleAdminChangedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultRoleAdminChanged)
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
		it.Event = new(MasterVaultRoleAdminChanged)
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
func (it *MasterVaultRoleAdminChangedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultRoleAdminChangedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultRoleAdminChanged represents a RoleAdminChanged event raised by the MasterVault contract.
type MasterVaultRoleAdminChanged struct {
	Role              [32]byte
	PreviousAdminRole [32]byte
	NewAdminRole      [32]byte
	Raw               types.Log // Blockchain specific contextual infos
}

// FilterRoleAdminChanged is a free log retrieval operation binding the contract event 0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (_MasterVault *MasterVaultFilterer) FilterRoleAdminChanged(opts *bind.FilterOpts, role [][32]byte, previousAdminRole [][32]byte, newAdminRole [][32]byte) (*MasterVaultRoleAdminChangedIterator, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var previousAdminRoleRule []interface{}
	for _, previousAdminRoleItem := range previousAdminRole {
		previousAdminRoleRule = append(previousAdminRoleRule, previousAdminRoleItem)
	}
	var newAdminRoleRule []interface{}
	for _, newAdminRoleItem := range newAdminRole {
		newAdminRoleRule = append(newAdminRoleRule, newAdminRoleItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "RoleAdminChanged", roleRule, previousAdminRoleRule, newAdminRoleRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultRoleAdminChangedIterator{contract: _MasterVault.contract, event: "RoleAdminChanged", logs: logs, sub: sub}, nil
}

// WatchRoleAdminChanged is a free log subscription operation binding the contract event 0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (_MasterVault *MasterVaultFilterer) WatchRoleAdminChanged(opts *bind.WatchOpts, sink chan<- *MasterVaultRoleAdminChanged, role [][32]byte, previousAdminRole [][32]byte, newAdminRole [][32]byte) (event.Subscription, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var previousAdminRoleRule []interface{}
	for _, previousAdminRoleItem := range previousAdminRole {
		previousAdminRoleRule = append(previousAdminRoleRule, previousAdminRoleItem)
	}
	var newAdminRoleRule []interface{}
	for _, newAdminRoleItem := range newAdminRole {
		newAdminRoleRule = append(newAdminRoleRule, newAdminRoleItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "RoleAdminChanged", roleRule, previousAdminRoleRule, newAdminRoleRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultRoleAdminChanged)
				if err := _MasterVault.contract.UnpackLog(event, "RoleAdminChanged", log); err != nil {
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

// ParseRoleAdminChanged is a log parse operation binding the contract event 0xbd79b86ffe0ab8e8776151514217cd7cacd52c909f66475c3af44e129f0b00ff.
//
// Solidity: event RoleAdminChanged(bytes32 indexed role, bytes32 indexed previousAdminRole, bytes32 indexed newAdminRole)
func (_MasterVault *MasterVaultFilterer) ParseRoleAdminChanged(log types.Log) (*MasterVaultRoleAdminChanged, error) {
	event := new(MasterVaultRoleAdminChanged)
	if err := _MasterVault.contract.UnpackLog(event, "RoleAdminChanged", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultRoleGrantedIterator is returned from FilterRoleGranted and is used to iterate over the raw logs and unpacked data for RoleGranted events raised by the MasterVault contract.
type MasterVaultRoleGrantedIterator struct {
	Event *MasterVaultRoleGranted // Event containing the contract specifics and raw log

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
func (it *MasterVaultRoleGrantedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultRoleGranted)
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
		it.Event = new(MasterVaultRoleGranted)
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
func (it *MasterVaultRoleGrantedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultRoleGrantedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultRoleGranted represents a RoleGranted event raised by the MasterVault contract.
type MasterVaultRoleGranted struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterRoleGranted is a free log retrieval operation binding the contract event 0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) FilterRoleGranted(opts *bind.FilterOpts, role [][32]byte, account []common.Address, sender []common.Address) (*MasterVaultRoleGrantedIterator, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "RoleGranted", roleRule, accountRule, senderRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultRoleGrantedIterator{contract: _MasterVault.contract, event: "RoleGranted", logs: logs, sub: sub}, nil
}

// WatchRoleGranted is a free log subscription operation binding the contract event 0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) WatchRoleGranted(opts *bind.WatchOpts, sink chan<- *MasterVaultRoleGranted, role [][32]byte, account []common.Address, sender []common.Address) (event.Subscription, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "RoleGranted", roleRule, accountRule, senderRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultRoleGranted)
				if err := _MasterVault.contract.UnpackLog(event, "RoleGranted", log); err != nil {
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

// ParseRoleGranted is a log parse operation binding the contract event 0x2f8788117e7eff1d82e926ec794901d17c78024a50270940304540a733656f0d.
//
// Solidity: event RoleGranted(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) ParseRoleGranted(log types.Log) (*MasterVaultRoleGranted, error) {
	event := new(MasterVaultRoleGranted)
	if err := _MasterVault.contract.UnpackLog(event, "RoleGranted", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultRoleRevokedIterator is returned from FilterRoleRevoked and is used to iterate over the raw logs and unpacked data for RoleRevoked events raised by the MasterVault contract.
type MasterVaultRoleRevokedIterator struct {
	Event *MasterVaultRoleRevoked // Event containing the contract specifics and raw log

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
func (it *MasterVaultRoleRevokedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultRoleRevoked)
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
		it.Event = new(MasterVaultRoleRevoked)
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
func (it *MasterVaultRoleRevokedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultRoleRevokedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultRoleRevoked represents a RoleRevoked event raised by the MasterVault contract.
type MasterVaultRoleRevoked struct {
	Role    [32]byte
	Account common.Address
	Sender  common.Address
	Raw     types.Log // Blockchain specific contextual infos
}

// FilterRoleRevoked is a free log retrieval operation binding the contract event 0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) FilterRoleRevoked(opts *bind.FilterOpts, role [][32]byte, account []common.Address, sender []common.Address) (*MasterVaultRoleRevokedIterator, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "RoleRevoked", roleRule, accountRule, senderRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultRoleRevokedIterator{contract: _MasterVault.contract, event: "RoleRevoked", logs: logs, sub: sub}, nil
}

// WatchRoleRevoked is a free log subscription operation binding the contract event 0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) WatchRoleRevoked(opts *bind.WatchOpts, sink chan<- *MasterVaultRoleRevoked, role [][32]byte, account []common.Address, sender []common.Address) (event.Subscription, error) {

	var roleRule []interface{}
	for _, roleItem := range role {
		roleRule = append(roleRule, roleItem)
	}
	var accountRule []interface{}
	for _, accountItem := range account {
		accountRule = append(accountRule, accountItem)
	}
	var senderRule []interface{}
	for _, senderItem := range sender {
		senderRule = append(senderRule, senderItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "RoleRevoked", roleRule, accountRule, senderRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultRoleRevoked)
				if err := _MasterVault.contract.UnpackLog(event, "RoleRevoked", log); err != nil {
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

// ParseRoleRevoked is a log parse operation binding the contract event 0xf6391f5c32d9c69d2a47ea670b442974b53935d1edc7fd64eb21e047a839171b.
//
// Solidity: event RoleRevoked(bytes32 indexed role, address indexed account, address indexed sender)
func (_MasterVault *MasterVaultFilterer) ParseRoleRevoked(log types.Log) (*MasterVaultRoleRevoked, error) {
	event := new(MasterVaultRoleRevoked)
	if err := _MasterVault.contract.UnpackLog(event, "RoleRevoked", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}

// MasterVaultVaultAddedIterator is returned from FilterVaultAdded and is used to iterate over the raw logs and unpacked data for VaultAdded events raised by the MasterVault contract.
type MasterVaultVaultAddedIterator struct {
	Event *MasterVaultVaultAdded // Event containing the contract specifics and raw log

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
func (it *MasterVaultVaultAddedIterator) Next() bool {
	// If the iterator failed, stop iterating
	if it.fail != nil {
		return false
	}
	// If the iterator completed, deliver directly whatever's available
	if it.done {
		select {
		case log := <-it.logs:
			it.Event = new(MasterVaultVaultAdded)
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
		it.Event = new(MasterVaultVaultAdded)
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
func (it *MasterVaultVaultAddedIterator) Error() error {
	return it.fail
}

// Close terminates the iteration process, releasing any pending underlying
// resources.
func (it *MasterVaultVaultAddedIterator) Close() error {
	it.sub.Unsubscribe()
	return nil
}

// MasterVaultVaultAdded represents a VaultAdded event raised by the MasterVault contract.
type MasterVaultVaultAdded struct {
	Asset common.Address
	Vault common.Address
	Raw   types.Log // Blockchain specific contextual infos
}

// FilterVaultAdded is a free log retrieval operation binding the contract event 0x2f0697414292d16e25e419060ebbb3a3318648280380829ca42af307b155393b.
//
// Solidity: event VaultAdded(address indexed asset, address vault)
func (_MasterVault *MasterVaultFilterer) FilterVaultAdded(opts *bind.FilterOpts, asset []common.Address) (*MasterVaultVaultAddedIterator, error) {

	var assetRule []interface{}
	for _, assetItem := range asset {
		assetRule = append(assetRule, assetItem)
	}

	logs, sub, err := _MasterVault.contract.FilterLogs(opts, "VaultAdded", assetRule)
	if err != nil {
		return nil, err
	}
	return &MasterVaultVaultAddedIterator{contract: _MasterVault.contract, event: "VaultAdded", logs: logs, sub: sub}, nil
}

// WatchVaultAdded is a free log subscription operation binding the contract event 0x2f0697414292d16e25e419060ebbb3a3318648280380829ca42af307b155393b.
//
// Solidity: event VaultAdded(address indexed asset, address vault)
func (_MasterVault *MasterVaultFilterer) WatchVaultAdded(opts *bind.WatchOpts, sink chan<- *MasterVaultVaultAdded, asset []common.Address) (event.Subscription, error) {

	var assetRule []interface{}
	for _, assetItem := range asset {
		assetRule = append(assetRule, assetItem)
	}

	logs, sub, err := _MasterVault.contract.WatchLogs(opts, "VaultAdded", assetRule)
	if err != nil {
		return nil, err
	}
	return event.NewSubscription(func(quit <-chan struct{}) error {
		defer sub.Unsubscribe()
		for {
			select {
			case log := <-logs:
				// New log arrived, parse the event and forward to the user
				event := new(MasterVaultVaultAdded)
				if err := _MasterVault.contract.UnpackLog(event, "VaultAdded", log); err != nil {
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

// ParseVaultAdded is a log parse operation binding the contract event 0x2f0697414292d16e25e419060ebbb3a3318648280380829ca42af307b155393b.
//
// Solidity: event VaultAdded(address indexed asset, address vault)
func (_MasterVault *MasterVaultFilterer) ParseVaultAdded(log types.Log) (*MasterVaultVaultAdded, error) {
	event := new(MasterVaultVaultAdded)
	if err := _MasterVault.contract.UnpackLog(event, "VaultAdded", log); err != nil {
		return nil, err
	}
	event.Raw = log
	return event, nil
}
