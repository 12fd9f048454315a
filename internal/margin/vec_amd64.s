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

// func maxLossAVX512(pnl *float64, frac *float64, n int) float64
// n is a multiple of 8. Per lane m = (l > m) ? l : m over
// l = −(pnl[k]×frac[k]), m starting at 0 (VMAXPD with l first: a NaN l
// leaves m), then the lanes' maximum.
TEXT ·maxLossAVX512(SB), NOSPLIT, $0-32
	MOVQ pnl+0(FP), SI
	MOVQ frac+8(FP), DI
	MOVQ n+16(FP), CX
	VPXORQ Z0, Z0, Z0
	VBROADCASTSD signbit<>(SB), Z5
	XORQ AX, AX

d8:
	CMPQ AX, CX
	JGE  dend
	VMOVUPD (SI)(AX*8), Z1
	VMULPD (DI)(AX*8), Z1, Z1
	VPXORQ Z5, Z1, Z1
	VMAXPD Z0, Z1, Z0
	ADDQ $8, AX
	JMP  d8

dend:
	VEXTRACTF64X4 $1, Z0, Y1
	VMAXPD Y1, Y0, Y0
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET

// func maxLossAVX2(pnl *float64, frac *float64, n int) float64
// n is a multiple of 4; as maxLossAVX512, four lanes.
TEXT ·maxLossAVX2(SB), NOSPLIT, $0-32
	MOVQ pnl+0(FP), SI
	MOVQ frac+8(FP), DI
	MOVQ n+16(FP), CX
	VXORPD Y0, Y0, Y0
	VBROADCASTSD signbit<>(SB), Y5
	XORQ AX, AX

e4:
	CMPQ AX, CX
	JGE  eend
	VMOVUPD (SI)(AX*8), Y1
	VMULPD (DI)(AX*8), Y1, Y1
	VXORPD Y5, Y1, Y1
	VMAXPD Y0, Y1, Y0
	ADDQ $4, AX
	JMP  e4

eend:
	VEXTRACTF128 $1, Y0, X1
	VMAXPD X1, X0, X0
	VPERMILPD $1, X0, X1
	VMAXSD X1, X0, X0
	VZEROUPPER
	MOVSD X0, ret+24(FP)
	RET
