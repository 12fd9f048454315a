// The kernel's assembly (vec_amd64.go dispatches; vec.go states the
// meaning and holds the pure-Go reference). Every output element gets the
// reference's operations in the reference's order, so results are
// bit-identical to it.

//go:build amd64

#include "textflag.h"

// func fmaSumAVX512(acc *float64, n int, terms *axTerm, nt int)
// n is a multiple of 8; an axTerm is {v []float64; q float64} (32 bytes).
// Blocks of 64 elements keep 8 accumulators in registers across all terms
// (one pass over the terms per block), then blocks of 8.
TEXT ·fmaSumAVX512(SB), NOSPLIT, $0-32
	MOVQ acc+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ terms+16(FP), SI
	MOVQ nt+24(FP), DX
	SHLQ $3, CX              // CX: bytes of acc
	XORQ AX, AX              // AX: byte offset of the block

b64:
	MOVQ CX, BX
	SUBQ AX, BX
	CMPQ BX, $512
	JLT  b8
	VMOVUPD 0(DI)(AX*1), Z0
	VMOVUPD 64(DI)(AX*1), Z1
	VMOVUPD 128(DI)(AX*1), Z2
	VMOVUPD 192(DI)(AX*1), Z3
	VMOVUPD 256(DI)(AX*1), Z4
	VMOVUPD 320(DI)(AX*1), Z5
	VMOVUPD 384(DI)(AX*1), Z6
	VMOVUPD 448(DI)(AX*1), Z7
	MOVQ SI, R8
	MOVQ DX, R9

t64:
	MOVQ 0(R8), R10
	ADDQ AX, R10
	VBROADCASTSD 24(R8), Z8
	VFMADD231PD 0(R10), Z8, Z0
	VFMADD231PD 64(R10), Z8, Z1
	VFMADD231PD 128(R10), Z8, Z2
	VFMADD231PD 192(R10), Z8, Z3
	VFMADD231PD 256(R10), Z8, Z4
	VFMADD231PD 320(R10), Z8, Z5
	VFMADD231PD 384(R10), Z8, Z6
	VFMADD231PD 448(R10), Z8, Z7
	ADDQ $32, R8
	DECQ R9
	JNZ  t64
	VMOVUPD Z0, 0(DI)(AX*1)
	VMOVUPD Z1, 64(DI)(AX*1)
	VMOVUPD Z2, 128(DI)(AX*1)
	VMOVUPD Z3, 192(DI)(AX*1)
	VMOVUPD Z4, 256(DI)(AX*1)
	VMOVUPD Z5, 320(DI)(AX*1)
	VMOVUPD Z6, 384(DI)(AX*1)
	VMOVUPD Z7, 448(DI)(AX*1)
	ADDQ $512, AX
	JMP  b64

b8:
	CMPQ AX, CX
	JGE  done
	VMOVUPD 0(DI)(AX*1), Z0
	MOVQ SI, R8
	MOVQ DX, R9

t8:
	MOVQ 0(R8), R10
	VBROADCASTSD 24(R8), Z8
	VFMADD231PD 0(R10)(AX*1), Z8, Z0
	ADDQ $32, R8
	DECQ R9
	JNZ  t8
	VMOVUPD Z0, 0(DI)(AX*1)
	ADDQ $64, AX
	JMP  b8

done:
	VZEROUPPER
	RET

// func fmaSumAVX2(acc *float64, n int, terms *axTerm, nt int)
// n is a multiple of 4. Blocks of 32 elements (8 accumulators), then 4.
TEXT ·fmaSumAVX2(SB), NOSPLIT, $0-32
	MOVQ acc+0(FP), DI
	MOVQ n+8(FP), CX
	MOVQ terms+16(FP), SI
	MOVQ nt+24(FP), DX
	SHLQ $3, CX
	XORQ AX, AX

a32:
	MOVQ CX, BX
	SUBQ AX, BX
	CMPQ BX, $256
	JLT  a4
	VMOVUPD 0(DI)(AX*1), Y0
	VMOVUPD 32(DI)(AX*1), Y1
	VMOVUPD 64(DI)(AX*1), Y2
	VMOVUPD 96(DI)(AX*1), Y3
	VMOVUPD 128(DI)(AX*1), Y4
	VMOVUPD 160(DI)(AX*1), Y5
	VMOVUPD 192(DI)(AX*1), Y6
	VMOVUPD 224(DI)(AX*1), Y7
	MOVQ SI, R8
	MOVQ DX, R9

u32:
	MOVQ 0(R8), R10
	ADDQ AX, R10
	VBROADCASTSD 24(R8), Y8
	VFMADD231PD 0(R10), Y8, Y0
	VFMADD231PD 32(R10), Y8, Y1
	VFMADD231PD 64(R10), Y8, Y2
	VFMADD231PD 96(R10), Y8, Y3
	VFMADD231PD 128(R10), Y8, Y4
	VFMADD231PD 160(R10), Y8, Y5
	VFMADD231PD 192(R10), Y8, Y6
	VFMADD231PD 224(R10), Y8, Y7
	ADDQ $32, R8
	DECQ R9
	JNZ  u32
	VMOVUPD Y0, 0(DI)(AX*1)
	VMOVUPD Y1, 32(DI)(AX*1)
	VMOVUPD Y2, 64(DI)(AX*1)
	VMOVUPD Y3, 96(DI)(AX*1)
	VMOVUPD Y4, 128(DI)(AX*1)
	VMOVUPD Y5, 160(DI)(AX*1)
	VMOVUPD Y6, 192(DI)(AX*1)
	VMOVUPD Y7, 224(DI)(AX*1)
	ADDQ $256, AX
	JMP  a32

a4:
	CMPQ AX, CX
	JGE  adone
	VMOVUPD 0(DI)(AX*1), Y0
	MOVQ SI, R8
	MOVQ DX, R9

u4:
	MOVQ 0(R8), R10
	VBROADCASTSD 24(R8), Y8
	VFMADD231PD 0(R10)(AX*1), Y8, Y0
	ADDQ $32, R8
	DECQ R9
	JNZ  u4
	VMOVUPD Y0, 0(DI)(AX*1)
	ADDQ $32, AX
	JMP  a4

adone:
	VZEROUPPER
	RET

// signbit is −0.0 in each lane: XOR with it negates.
DATA signbit<>+0(SB)/8, $0x8000000000000000
GLOBL signbit<>(SB), RODATA|NOPTR, $8

// iota8 is 0, 1, …, 7: the scenario index of each lane in the first block.
DATA iota8<>+0(SB)/8, $0
DATA iota8<>+8(SB)/8, $1
DATA iota8<>+16(SB)/8, $2
DATA iota8<>+24(SB)/8, $3
DATA iota8<>+32(SB)/8, $4
DATA iota8<>+40(SB)/8, $5
DATA iota8<>+48(SB)/8, $6
DATA iota8<>+56(SB)/8, $7
GLOBL iota8<>(SB), RODATA|NOPTR, $64

// func maxLossAVX512(pnl *float64, frac *float64, n int) (m float64, at int)
// n is a multiple of 8. Per lane (elements k ≡ lane mod 8) the running
// maximum of l = −(pnl[k]×frac[k]), starting at 0, and the first k that
// has it (−1 while it is 0): where l > the lane's (ordered: a NaN l is
// not), both take l and k. Then m is the lanes' maximum and at the least
// of the first elements of the lanes that have it (−1 when m is 0: every
// lane's is).
TEXT ·maxLossAVX512(SB), NOSPLIT, $0-40
	MOVQ pnl+0(FP), SI
	MOVQ frac+8(FP), DI
	MOVQ n+16(FP), CX
	VPXORQ Z0, Z0, Z0              // per lane: the maximum, 0
	VPTERNLOGQ $0xff, Z2, Z2, Z2   // its first element, −1
	VMOVDQU64 iota8<>(SB), Z3      // the block's elements
	MOVQ $8, R10
	VPBROADCASTQ R10, Z4
	VBROADCASTSD signbit<>(SB), Z5
	XORQ AX, AX

d8:
	CMPQ AX, CX
	JGE  dend
	VMOVUPD (SI)(AX*8), Z1
	VMULPD (DI)(AX*8), Z1, Z1
	VPXORQ Z5, Z1, Z1
	VCMPPD $0x1e, Z0, Z1, K1       // l > the lane's (GT_OQ)
	VMAXPD Z0, Z1, Z0              // the same choice (a NaN l leaves it)
	VMOVDQA64 Z3, K1, Z2
	VPADDQ Z4, Z3, Z3
	ADDQ $8, AX
	JMP  d8

dend:
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPD Y1, Y0, Y1
	VEXTRACTF128 $1, Y1, X6
	VMAXPD X6, X1, X1
	VPERMILPD $1, X1, X6
	VMAXSD X6, X1, X1              // m
	VBROADCASTSD X1, Z6
	VCMPPD $0, Z6, Z0, K2          // the lanes that have it (EQ_OQ)
	MOVQ $0x7fffffffffffffff, R10
	VPBROADCASTQ R10, Z7
	VMOVDQA64 Z2, K2, Z7           // their first elements, the others' max int
	VEXTRACTI64X4 $1, Z7, Y8
	VPMINSQ Z8, Z7, Z7
	VEXTRACTI128 $1, Y7, X8
	VPMINSQ Z8, Z7, Z7
	VPSHUFD $0x4e, X7, X8
	VPMINSQ Z8, Z7, Z7
	MOVQ X7, AX
	VZEROUPPER
	MOVSD X1, m+24(FP)
	MOVQ AX, at+32(FP)
	RET

// func maxLossAVX2(pnl *float64, frac *float64, n int) (m float64, at int)
// n is a multiple of 4; as maxLossAVX512 over four lanes.
TEXT ·maxLossAVX2(SB), NOSPLIT, $0-40
	MOVQ pnl+0(FP), SI
	MOVQ frac+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VPCMPEQQ Y2, Y2, Y2
	VMOVDQU iota8<>(SB), Y3
	MOVQ $4, R10
	MOVQ R10, X4
	VPBROADCASTQ X4, Y4
	VBROADCASTSD signbit<>(SB), Y5
	XORQ AX, AX

e4:
	CMPQ AX, CX
	JGE  eend
	VMOVUPD (SI)(AX*8), Y1
	VMULPD (DI)(AX*8), Y1, Y1
	VXORPD Y5, Y1, Y1
	VCMPPD $0x1e, Y0, Y1, Y6       // l > the lane's (GT_OQ)
	VMAXPD Y0, Y1, Y0              // the same choice (a NaN l leaves it)
	VBLENDVPD Y6, Y3, Y2, Y2
	VPADDQ Y4, Y3, Y3
	ADDQ $4, AX
	JMP  e4

eend:
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X1
	VPERMILPD $1, X1, X6
	VMAXSD X6, X1, X1              // m
	VBROADCASTSD X1, Y6
	VCMPPD $0, Y6, Y0, Y7          // the lanes that have it (EQ_OQ)
	MOVQ $0x7fffffffffffffff, R10
	MOVQ R10, X8
	VPBROADCASTQ X8, Y8
	VBLENDVPD Y7, Y2, Y8, Y8       // their first elements, the others' max int
	VEXTRACTI128 $1, Y8, X9
	VPCMPGTQ X9, X8, X10           // the least: where X8 > X9, X9
	VBLENDVPD X10, X9, X8, X8
	VPSHUFD $0x4e, X8, X9
	VPCMPGTQ X9, X8, X10
	VBLENDVPD X10, X9, X8, X8
	MOVQ X8, AX
	VZEROUPPER
	MOVSD X1, m+24(FP)
	MOVQ AX, at+32(FP)
	RET
