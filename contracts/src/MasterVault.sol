// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// The UCT master vault: one UCTVault per asset (ERC-7575 style: many
// assets, one view of an account), the lien manager and the attestation
// verifier, governed by DEFAULT_ADMIN_ROLE (governance: in production a
// timelock or multisig). Governance registers vaults and venues, rotates
// the signer set, sets maxAge and the risk parameters' version, and may
// release a lien acting for its venue.

import {LienManager} from "./LienManager.sol";
import {AttestationVerifier} from "./AttestationVerifier.sol";
import {UCTVault} from "./UCTVault.sol";

contract MasterVault is LienManager {
    address[] private _vaults;
    mapping(address asset => address) public vaultOf;
    mapping(address vault => bool) public isVault;

    error VaultNotOwned(address vault);
    error AssetHasVault(address asset, address vault);

    event VaultAdded(address indexed asset, address vault);

    constructor(address governance, uint64 maxAge_) AttestationVerifier(governance, maxAge_) {}

    /// Registers vault (deployed with this master) for its asset.
    function addVault(UCTVault vault) external onlyRole(DEFAULT_ADMIN_ROLE) {
        if (vault.master() != address(this)) revert VaultNotOwned(address(vault));
        address asset = vault.asset();
        if (vaultOf[asset] != address(0)) revert AssetHasVault(asset, vaultOf[asset]);
        vaultOf[asset] = address(vault);
        isVault[address(vault)] = true;
        _vaults.push(address(vault));
        emit VaultAdded(asset, address(vault));
    }

    function _isVault(address v) internal view override returns (bool) {
        return isVault[v];
    }

    /// Every vault, in registration order.
    function vaults() external view returns (address[] memory) {
        return _vaults;
    }

    /// One account's view across every vault: shares held and the assets
    /// they redeem for (convertToAssets, rounded down), in vaults() order.
    function balancesOf(address account)
        external
        view
        returns (address[] memory vaultList, uint256[] memory shares, uint256[] memory assets)
    {
        uint256 n = _vaults.length;
        vaultList = _vaults;
        shares = new uint256[](n);
        assets = new uint256[](n);
        for (uint256 i = 0; i < n; i++) {
            UCTVault v = UCTVault(_vaults[i]);
            shares[i] = v.balanceOf(account);
            assets[i] = v.convertToAssets(shares[i]);
        }
    }
}
