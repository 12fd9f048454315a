// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Margin attestations: the Go engine (internal/chain) signs an account's
// unified margin, and the contracts act on it only when it is
//   - signed (EIP-712, this contract's domain: chain id and address, so a
//     signature for another chain or deployment is refused) by a member of
//     the governed signer set (SIGNER_ROLE; governance rotates it);
//   - a canonical signature: 65 bytes, low s (OpenZeppelin's ECDSA refuses
//     the malleable twin and the 64-byte short form);
//   - fresh: market time ≤ block time ≤ market time + maxAge;
//   - computed with the governed risk parameters (paramsVersion, when
//     governance has set one);
//   - for the account's next nonce, which it consumes: a signature is used
//     at most once, and an attestation on an older state (any earlier
//     attested action) is dead;
//   - of the kind the action needs (a withdrawal approval cannot serve as a
//     draw), naming the action's venue, vault and amounts.
// Figures are USD with 18 decimals: requirements rounded up, collateral and
// equity rounded down (internal/chain FromUnified), so every rounding is
// conservative.

import {AccessControl} from "@openzeppelin/contracts/access/AccessControl.sol";
import {ECDSA} from "@openzeppelin/contracts/utils/cryptography/ECDSA.sol";
import {EIP712} from "@openzeppelin/contracts/utils/cryptography/EIP712.sol";
import {SafeCast} from "@openzeppelin/contracts/utils/math/SafeCast.sol";

abstract contract AttestationVerifier is AccessControl, EIP712 {
    /// What an attestation authorises.
    uint8 public constant KIND_WITHDRAW = 1; // figures after `assets` leave `vault`
    uint8 public constant KIND_LIEN = 2; // figures for a lien of `usd` to `venue`
    uint8 public constant KIND_DRAW = 3; // `venue` draws `usd` as `assets` of `vault`

    bytes32 public constant SIGNER_ROLE = keccak256("SIGNER_ROLE");

    /// EIP-712 encodeType of Attestation: the field order is the struct's.
    bytes32 public constant ATTESTATION_TYPEHASH = keccak256(
        "Attestation(uint8 kind,address account,address venue,address vault,uint256 assets,uint256 usd,"
        "uint256 initial,uint256 maintenance,int256 excess,uint256 collateral,bytes32 paramsVersion,"
        "uint64 marketTime,uint64 nonce)"
    );

    /// The bounds governance may set maxAge within.
    uint64 public constant MIN_MAX_AGE = 1;
    uint64 public constant MAX_MAX_AGE = 1 days;

    struct Attestation {
        uint8 kind;
        address account;
        address venue; // LIEN, DRAW: the venue; WITHDRAW: zero
        address vault; // WITHDRAW, DRAW: the vault; LIEN: zero
        uint256 assets; // WITHDRAW: the most assets leaving; DRAW: the assets drawn
        uint256 usd; // LIEN: the lien granted; DRAW: the lien drawn (USD, 18 decimals)
        uint256 initial; // unified initial requirement, USD, rounded up
        uint256 maintenance; // unified maintenance requirement, USD, rounded up
        int256 excess; // equity (rounded down) minus initial
        uint256 collateral; // haircut value of the account's vault collateral, rounded down
        bytes32 paramsVersion; // the risk parameters' hash (margin report params_version)
        uint64 marketTime; // the market snapshot's time (unix seconds)
        uint64 nonce; // the account's next nonce
    }

    /// The longest an attestation stays fresh after its market time.
    uint64 public maxAge;
    /// The governed risk parameters' version; zero accepts any.
    bytes32 public paramsVersion;
    /// Each account's next attestation nonce.
    mapping(address account => uint64) public nonceOf;

    error AttestationWrongKind(uint8 kind, uint8 want);
    error AttestationFromFuture(uint64 marketTime, uint256 blockTime);
    error AttestationStale(uint64 marketTime, uint256 blockTime, uint64 maxAge);
    error AttestationWrongParams(bytes32 got, bytes32 want);
    error AttestationWrongNonce(uint64 got, uint64 want);
    error AttestationUnknownSigner(address signer);
    error AttestationMismatch(string field);
    error MaxAgeOutOfBounds(uint64 maxAge);

    event AttestationUsed(address indexed account, uint8 kind, uint64 nonce, address signer, uint64 marketTime);
    event MaxAgeSet(uint64 maxAge);
    event ParamsVersionSet(bytes32 paramsVersion);

    constructor(address governance, uint64 maxAge_) EIP712("unimargin UCT", "1") {
        _grantRole(DEFAULT_ADMIN_ROLE, governance);
        _setMaxAge(maxAge_);
    }

    function setMaxAge(uint64 maxAge_) external onlyRole(DEFAULT_ADMIN_ROLE) {
        _setMaxAge(maxAge_);
    }

    function _setMaxAge(uint64 maxAge_) private {
        if (maxAge_ < MIN_MAX_AGE || maxAge_ > MAX_MAX_AGE) revert MaxAgeOutOfBounds(maxAge_);
        maxAge = maxAge_;
        emit MaxAgeSet(maxAge_);
    }

    function setParamsVersion(bytes32 version) external onlyRole(DEFAULT_ADMIN_ROLE) {
        paramsVersion = version;
        emit ParamsVersionSet(version);
    }

    /// The EIP-712 digest the engine signs (its Go twin is chain.Digest).
    function attestationDigest(Attestation calldata a) public view returns (bytes32) {
        // A struct of static fields ABI-encodes as its fields, one word each:
        // exactly EIP-712's encodeData.
        return _hashTypedDataV4(keccak256(abi.encode(ATTESTATION_TYPEHASH, a)));
    }

    /// The EIP-712 domain separator (chain id and this contract's address).
    function domainSeparator() external view returns (bytes32) {
        return _domainSeparatorV4();
    }

    /// Checks a and its signature for an action of kind, and consumes the
    /// account's nonce. Returns the signer.
    function _consume(Attestation calldata a, bytes calldata signature, uint8 kind) internal returns (address) {
        if (a.kind != kind) revert AttestationWrongKind(a.kind, kind);
        if (a.marketTime > block.timestamp) revert AttestationFromFuture(a.marketTime, block.timestamp);
        if (block.timestamp - a.marketTime > maxAge) revert AttestationStale(a.marketTime, block.timestamp, maxAge);
        if (paramsVersion != bytes32(0) && a.paramsVersion != paramsVersion) {
            revert AttestationWrongParams(a.paramsVersion, paramsVersion);
        }
        uint64 want = nonceOf[a.account];
        if (a.nonce != want) revert AttestationWrongNonce(a.nonce, want);
        address signer = ECDSA.recoverCalldata(attestationDigest(a), signature);
        if (!hasRole(SIGNER_ROLE, signer)) revert AttestationUnknownSigner(signer);
        nonceOf[a.account] = want + 1;
        emit AttestationUsed(a.account, kind, a.nonce, signer, a.marketTime);
        return signer;
    }

    /// Whether the attested account is liquidatable: equity < maintenance,
    /// with equity = excess + initial (DESIGN.md: liquidatable ⇔ equity <
    /// maintenance).
    function _liquidatable(Attestation calldata a) internal pure returns (bool) {
        return a.excess + SafeCast.toInt256(a.initial) < SafeCast.toInt256(a.maintenance);
    }
}
