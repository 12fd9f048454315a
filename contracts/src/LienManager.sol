// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Liens on-chain, by DESIGN.md's collateral-layer rules:
//   - an account grants a registered venue (VENUE_ROLE) a lien of USD on its
//     vault collateral, with a fresh LIEN attestation whose haircut
//     collateral covers every lien afterwards and whose excess is ≥ 0;
//   - a lien is the venue's claim: only that venue releases it, or
//     governance acting for it (an audited event names who released); the
//     account never releases or shrinks it;
//   - a venue draws only up to its lien, and only with a fresh DRAW
//     attestation saying the account is liquidatable (equity <
//     maintenance); the drawn assets' shares (rounded up, ERC-4626
//     previewWithdraw) move to the venue;
//   - while an account has a lien its shares are locked in the vaults, and
//     leave only by a withdrawal or redemption with a fresh WITHDRAW
//     attestation computed after the withdrawal (excess ≥ 0 and haircut
//     collateral ≥ Σ liens).
// Lien amounts are USD with 18 decimals (vault.LienDecimals).

import {ReentrancyGuard} from "@openzeppelin/contracts/utils/ReentrancyGuard.sol";
import {AttestationVerifier} from "./AttestationVerifier.sol";
import {UCTVault} from "./UCTVault.sol";

abstract contract LienManager is AttestationVerifier, ReentrancyGuard {
    bytes32 public constant VENUE_ROLE = keccak256("VENUE_ROLE");

    mapping(address account => mapping(address venue => uint256)) public lienOf;
    mapping(address account => uint256) public liensOf;

    error LienZeroAmount();
    error LienUnknownVenue(address venue);
    error LienExceeded(uint256 usd, uint256 lien);
    error LienNotCovered(uint256 liens, uint256 collateral);
    error InitialMarginBroken(int256 excess);
    error NotLiquidatable(int256 excess, uint256 initial, uint256 maintenance);
    error UnknownVault(address vault);

    event LienGranted(address indexed account, address indexed venue, uint256 usd, uint256 lien);
    event LienReleased(address indexed account, address indexed venue, uint256 usd, uint256 lien, address by);
    event LienDrawn(
        address indexed account, address indexed venue, address vault, uint256 usd, uint256 assets, uint256 shares
    );
    event GatedExit(address indexed account, address vault, uint256 assets, uint256 shares);

    /// Whether v is one of the master's vaults (MasterVault's registry).
    function _isVault(address v) internal view virtual returns (bool);

    function _requireVault(address v) internal view {
        if (!_isVault(v)) revert UnknownVault(v);
    }

    /// The account (msg.sender) grants venue a lien of usd.
    function grantLien(address venue, uint256 usd, Attestation calldata a, bytes calldata sig) external nonReentrant {
        address account = msg.sender;
        if (usd == 0) revert LienZeroAmount();
        if (!hasRole(VENUE_ROLE, venue)) revert LienUnknownVenue(venue);
        if (a.account != account) revert AttestationMismatch("account");
        if (a.venue != venue) revert AttestationMismatch("venue");
        if (a.usd != usd) revert AttestationMismatch("usd");
        _consume(a, sig, KIND_LIEN);
        if (a.excess < 0) revert InitialMarginBroken(a.excess);
        uint256 total = liensOf[account] + usd;
        if (total > a.collateral) revert LienNotCovered(total, a.collateral);
        liensOf[account] = total;
        uint256 lien = lienOf[account][venue] + usd;
        lienOf[account][venue] = lien;
        emit LienGranted(account, venue, usd, lien);
    }

    /// The venue (msg.sender) releases usd of its lien on account.
    function releaseLien(address account, uint256 usd) external nonReentrant {
        _release(account, msg.sender, usd);
    }

    /// Governance releases usd of venue's lien on account, acting for the
    /// venue (the event names governance as who released).
    function releaseLienFor(address account, address venue, uint256 usd)
        external
        nonReentrant
        onlyRole(DEFAULT_ADMIN_ROLE)
    {
        _release(account, venue, usd);
    }

    function _release(address account, address venue, uint256 usd) private {
        if (usd == 0) revert LienZeroAmount();
        uint256 lien = lienOf[account][venue];
        if (usd > lien) revert LienExceeded(usd, lien);
        lienOf[account][venue] = lien - usd;
        liensOf[account] -= usd;
        emit LienReleased(account, venue, usd, lien - usd, msg.sender);
    }

    /// The venue (msg.sender) draws usd of its lien on account as assets of
    /// vault: the shares that withdraw them (rounded up) move to the venue.
    function draw(address account, UCTVault vault, uint256 usd, uint256 assets, Attestation calldata a, bytes calldata sig)
        external
        nonReentrant
        returns (uint256 shares)
    {
        address venue = msg.sender;
        _requireVault(address(vault));
        if (usd == 0 || assets == 0) revert LienZeroAmount();
        if (a.account != account) revert AttestationMismatch("account");
        if (a.venue != venue) revert AttestationMismatch("venue");
        if (a.vault != address(vault)) revert AttestationMismatch("vault");
        if (a.usd != usd) revert AttestationMismatch("usd");
        if (a.assets != assets) revert AttestationMismatch("assets");
        uint256 lien = lienOf[account][venue];
        if (usd > lien) revert LienExceeded(usd, lien);
        _consume(a, sig, KIND_DRAW);
        if (!_liquidatable(a)) revert NotLiquidatable(a.excess, a.initial, a.maintenance);
        lienOf[account][venue] = lien - usd;
        liensOf[account] -= usd;
        shares = vault.previewWithdraw(assets);
        vault.seize(account, venue, shares);
        emit LienDrawn(account, venue, address(vault), usd, assets, shares);
    }

    /// The account (msg.sender) withdraws assets from vault to receiver.
    /// With a lien it needs a WITHDRAW attestation for at least assets.
    function withdraw(UCTVault vault, uint256 assets, address receiver, Attestation calldata a, bytes calldata sig)
        external
        nonReentrant
        returns (uint256 shares)
    {
        _requireVault(address(vault));
        _gate(vault, assets, a, sig);
        shares = vault.withdrawFor(msg.sender, receiver, assets);
        emit GatedExit(msg.sender, address(vault), assets, shares);
    }

    /// The account (msg.sender) redeems shares of vault to receiver. With a
    /// lien it needs a WITHDRAW attestation for at least the assets paid.
    function redeem(UCTVault vault, uint256 shares, address receiver, Attestation calldata a, bytes calldata sig)
        external
        nonReentrant
        returns (uint256 assets)
    {
        _requireVault(address(vault));
        _gate(vault, vault.previewRedeem(shares), a, sig);
        assets = vault.redeemFor(msg.sender, receiver, shares);
        emit GatedExit(msg.sender, address(vault), assets, shares);
    }

    /// Without a lien an exit needs no attestation (the vault's own exits
    /// serve too); with one, a fresh WITHDRAW attestation of the state after
    /// the exit: excess ≥ 0 and haircut collateral ≥ Σ liens.
    function _gate(UCTVault vault, uint256 assets, Attestation calldata a, bytes calldata sig) private {
        address account = msg.sender;
        uint256 liens = liensOf[account];
        if (liens == 0) return;
        if (a.account != account) revert AttestationMismatch("account");
        if (a.vault != address(vault)) revert AttestationMismatch("vault");
        if (assets > a.assets) revert AttestationMismatch("assets");
        _consume(a, sig, KIND_WITHDRAW);
        if (a.excess < 0) revert InitialMarginBroken(a.excess);
        if (liens > a.collateral) revert LienNotCovered(liens, a.collateral);
    }
}
