// SPDX-License-Identifier: MIT
pragma solidity ^0.8.24;

// Test only: an ERC-20 with an ERC-777-style hook. Once armed, the next
// transfer (or transferFrom) first calls `target` with `data`, as a
// malicious token or a receiver hook would, and bubbles up its revert. The
// security tests arm it with a call back into the vault or the master.

import {ERC20} from "@openzeppelin/contracts/token/ERC20/ERC20.sol";

contract ReentrantToken is ERC20 {
    address public target;
    bytes public data;

    constructor() ERC20("Reentrant", "RE") {}

    function mint(address to, uint256 amount) external {
        _mint(to, amount);
    }

    /// Lets spender take the token contract's own tokens, so a reentrant
    /// deposit made by the token would succeed but for the vault's guard.
    function approveSelf(address spender, uint256 value) external {
        _approve(address(this), spender, value);
    }

    function arm(address target_, bytes calldata data_) external {
        target = target_;
        data = data_;
    }

    function _update(address from, address to, uint256 value) internal override {
        address t = target;
        if (t != address(0)) {
            target = address(0);
            (bool ok, bytes memory ret) = t.call(data);
            if (!ok) {
                assembly {
                    revert(add(ret, 32), mload(ret))
                }
            }
        }
        super._update(from, to, value);
    }
}
