// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Test only: an ERC-20 with chosen decimals that anyone may mint, the
// assets of the simulated chain's vaults (WETH with 18 decimals, USDC with 6).

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract TestToken is ERC20 {
    uint8 private immutable _decimals;

    constructor(string memory name_, string memory symbol_, uint8 decimals_) ERC20(name_, symbol_) {
        _decimals = decimals_;
    }

    function decimals() public view override returns (uint8) {
        return _decimals;
    }

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }
}
