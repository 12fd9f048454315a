// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// One asset's vault of the UCT master vault: OpenZeppelin's ERC-4626 with a
// decimals offset of 6 (shares carry the asset's decimals plus 6), held to
// the Go engine's vault.Vault (internal/vault/erc4626.go) step by step by the
// differential tests of internal/chain:
//   - the same conversions (OpenZeppelin's virtual share block 10^6 and one
//     virtual asset, every rounding in the vault's favour);
//   - the same refusals, in the same order: a zero amount, then the maximum
//     (totals bounded by 2^128 - 1, Go's u128), then a deposit that would
//     mint 0 shares or a redemption that would pay 0 assets;
//   - totalAssets is the vault's token balance, so a direct transfer in (a
//     donation) is Go's Accrue.
// Shares of an account with an active lien are locked: they move only
// through the master (a withdrawal gated by a fresh margin attestation, or a
// venue's draw), never by transfer or the plain ERC-4626 exits, whose maxima
// are then 0 (ERC-4626: max* reflect user-specific limits).
// Every entry point is non-reentrant: a token with transfer hooks (ERC-777
// style) cannot re-enter between the transfer and the mint or burn.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";
import {IERC20} from "@openzeppelin/contracts/token/ERC20/IERC20.sol";
import {ERC4626} from "@openzeppelin/contracts/token/ERC20/extensions/ERC4626.sol";
import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {Math} from "@openzeppelin/contracts/utils/math/Math.sol";

/// The lien state a vault asks its master about.
interface ILienState {
    function liensOf(address account) external view returns (uint256);
}

contract UCTVault is ERC4626, ReentrancyGuard {
    /// The bound on total assets and total shares: 2^128 - 1, so every
    /// product of the conversions fits in 256 bits (Go's maxTotal).
    uint256 public constant MAX_TOTAL = type(uint128).max;

    /// ERC-7575's interface id (share()), and ERC-165's own.
    bytes4 private constant ERC7575_ID = 0x2f0a18c5;
    bytes4 private constant ERC165_ID = 0x01ffc9a7;

    /// The master vault: the only caller of the gated exits and draws.
    address public immutable master;

    error UCTZeroAmount();
    error UCTZeroShares();
    error UCTZeroAssets();
    error UCTOnlyMaster(address caller);
    error UCTSharesLocked(address account);

    constructor(IERC20 asset_, address master_, string memory name_, string memory symbol_)
        ERC20(name_, symbol_)
        ERC4626(asset_)
    {
        master = master_;
    }

    modifier onlyMaster() {
        if (msg.sender != master) revert UCTOnlyMaster(msg.sender);
        _;
    }

    function _decimalsOffset() internal pure override returns (uint8) {
        return 6;
    }

    /// ERC-7575: this vault is its own share token.
    function share() external view returns (address) {
        return address(this);
    }

    function supportsInterface(bytes4 id) external pure returns (bool) {
        return id == ERC7575_ID || id == ERC165_ID;
    }

    function _locked(address account) internal view returns (bool) {
        return ILienState(master).liensOf(account) > 0;
    }

    /// Go's MaxDeposit: the u128 headroom of total assets, and the assets
    /// whose shares fit the headroom of total shares (rounded down).
    function maxDeposit(address) public view override returns (uint256) {
        uint256 byAssets = MAX_TOTAL - totalAssets();
        uint256 byShares = _convertToAssets(MAX_TOTAL - totalSupply(), Math.Rounding.Floor);
        return byShares < byAssets ? byShares : byAssets;
    }

    /// Go's MaxMint: the shares of MaxDeposit, rounded down.
    function maxMint(address receiver) public view override returns (uint256) {
        return _convertToShares(maxDeposit(receiver), Math.Rounding.Floor);
    }

    function maxWithdraw(address owner) public view override returns (uint256) {
        return _locked(owner) ? 0 : super.maxWithdraw(owner);
    }

    function maxRedeem(address owner) public view override returns (uint256) {
        return _locked(owner) ? 0 : super.maxRedeem(owner);
    }

    function deposit(uint256 assets, address receiver) public override nonReentrant returns (uint256) {
        if (assets == 0) revert UCTZeroAmount();
        return super.deposit(assets, receiver);
    }

    function mint(uint256 shares, address receiver) public override nonReentrant returns (uint256) {
        if (shares == 0) revert UCTZeroAmount();
        return super.mint(shares, receiver);
    }

    function withdraw(uint256 assets, address receiver, address owner)
        public
        override
        nonReentrant
        returns (uint256)
    {
        if (assets == 0) revert UCTZeroAmount();
        return super.withdraw(assets, receiver, owner);
    }

    function redeem(uint256 shares, address receiver, address owner) public override nonReentrant returns (uint256) {
        if (shares == 0) revert UCTZeroAmount();
        return super.redeem(shares, receiver, owner);
    }

    /// The master's gated withdrawal for owner (the master has checked the
    /// attestation): Go's Withdraw, without the lien lock.
    function withdrawFor(address owner, address receiver, uint256 assets)
        external
        onlyMaster
        nonReentrant
        returns (uint256 shares)
    {
        if (assets == 0) revert UCTZeroAmount();
        uint256 most = _convertToAssets(balanceOf(owner), Math.Rounding.Floor);
        if (assets > most) revert ERC4626ExceededMaxWithdraw(owner, assets, most);
        shares = previewWithdraw(assets);
        _withdraw(owner, receiver, owner, assets, shares);
    }

    /// The master's gated redemption for owner: Go's Redeem, without the lock.
    function redeemFor(address owner, address receiver, uint256 shares)
        external
        onlyMaster
        nonReentrant
        returns (uint256 assets)
    {
        if (shares == 0) revert UCTZeroAmount();
        uint256 held = balanceOf(owner);
        if (shares > held) revert ERC4626ExceededMaxRedeem(owner, shares, held);
        assets = previewRedeem(shares);
        _withdraw(owner, receiver, owner, assets, shares);
    }

    /// A venue's draw: shares of account move to venue (the master has
    /// checked the lien and the attestation). Reverts with
    /// ERC20InsufficientBalance when the account holds too few.
    function seize(address account, address venue, uint256 shares) external onlyMaster nonReentrant {
        _transfer(account, venue, shares);
    }

    function _deposit(address caller, address receiver, uint256 assets, uint256 shares) internal override {
        if (shares == 0) revert UCTZeroShares();
        super._deposit(caller, receiver, assets, shares);
    }

    function _withdraw(address caller, address receiver, address owner, uint256 assets, uint256 shares)
        internal
        override
    {
        if (assets == 0) revert UCTZeroAssets();
        super._withdraw(caller, receiver, owner, assets, shares);
    }

    /// Shares of an account with an active lien move only by the master.
    function _update(address from, address to, uint256 value) internal override {
        if (from != address(0) && msg.sender != master && _locked(from)) revert UCTSharesLocked(from);
        super._update(from, to, value);
    }
}
