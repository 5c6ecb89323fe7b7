;; The learner-code replay's kernels (src/core/compile, loaded by replay.ts): the float32 tensors of a traced step
;; live in this module's memory, and these loops compute exactly what the tensor engine (src/core/tensor) computes,
;; bit for bit:
;; - + - * / and x*x, x**3, 1/x, sqrt, 1/sqrt, -x on float32: the engine evaluates in double and rounds once, which
;;   for these operations is the single float32 operation (a double holds more than 2 * 24 + 2 bits), so they run
;;   as f32x4 loops;
;; - sums accumulate in double from +0 in the engine's order and round once;
;; - the matrix product (src/core/tensor/linalg.ts, mmKernel): every output accumulated in double over p = 0..k-1
;;   in order, starting from +0, and rounded once to float32. The engine skips a zero factor A[i, p]; skipping
;;   changes nothing unless B[p, :] holds an infinity or a NaN (0 * inf is NaN; otherwise acc + 0 is acc, and acc is
;;   never -0), so pack_f64 copies B into doubles and says whether all of it is finite; mm_skip is the engine's loop,
;;   zero factors skipped, for any B; mm_fast drops the test (B all finite) and blocks 2 rows x 8 columns in
;;   registers, 2 doubles a lane pair. Each output still adds its terms one at a time in the engine's order (mul,
;;   then add: the product of two float32 values is exact in double, so there is nothing for an FMA to change;
;;   scripts/build-wasm.mjs ships a second form with $block_2x8's multiply-adds fused (relaxed SIMD) for that reason);
;; - tanh and exp: ports of V8's fdlibm Math.tanh and Math.exp (see their section), the double rounded once;
;; - softmax over contiguous rows in kernels.ts softmax's order of roundings.
;; Pointers are byte offsets; strides and counts are in elements.
(module
  (memory (export "memory") 1)

  ;; dst[r, c] (f64, contiguous) = src[r * s0 + c * s1] (f32); returns 1 when every value is finite
  (func $pack_f64 (export "pack_f64") (param $src i32) (param $s0 i32) (param $s1 i32) (param $rows i32) (param $cols i32) (param $dst i32) (result i32)
    (local $r i32) (local $c i32) (local $row i32) (local $v f64) (local $finite i32) (local $c2 i32) (local $d v128) (local $z v128)
    (local.set $finite (i32.const 1))
    (local.set $c2 (if (result i32) (i32.eq (local.get $s1) (i32.const 1)) (then (i32.and (local.get $cols) (i32.const -2))) (else (i32.const 0))))
    (local.set $r (i32.const 0))
    (block $dr (loop $lr
      (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $row (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $s0)) (i32.const 2))))
      ;; contiguous rows two at a time; d - d summed into z stays 0 while every value is finite
      (local.set $c (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $c) (local.get $c2)))
        (local.set $d (f64x2.promote_low_f32x4 (v128.load64_zero (i32.add (local.get $row) (i32.shl (local.get $c) (i32.const 2))))))
        (local.set $z (f64x2.add (local.get $z) (f64x2.sub (local.get $d) (local.get $d))))
        (v128.store (local.get $dst) (local.get $d))
        (local.set $dst (i32.add (local.get $dst) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $l2)))
      (block $dc (loop $lc
        (br_if $dc (i32.ge_u (local.get $c) (local.get $cols)))
        (local.set $v (f64.promote_f32 (f32.load (i32.add (local.get $row) (i32.shl (i32.mul (local.get $c) (local.get $s1)) (i32.const 2))))))
        ;; v - v is 0 for a finite v, NaN for an infinity or a NaN
        (if (f64.ne (f64.sub (local.get $v) (local.get $v)) (f64.const 0)) (then (local.set $finite (i32.const 0))))
        (f64.store (local.get $dst) (local.get $v))
        (local.set $dst (i32.add (local.get $dst) (i32.const 8)))
        (local.set $c (i32.add (local.get $c) (i32.const 1)))
        (br $lc)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $lr)))
    (if (i32.eqz (i64x2.all_true (f64x2.eq (local.get $z) (f64x2.splat (f64.const 0))))) (then (local.set $finite (i32.const 0))))
    (local.get $finite))

  ;; out[n, m] (f32, contiguous) = A[n, k] (f32 at a, strides sa0, sa1) @ B[k, m] (f64 packed at b): the engine's
  ;; loop as written, zero factors of A skipped, the row's sums in acc (m doubles of scratch)
  (func $mm_skip (export "mm_skip") (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $n i32) (param $k i32) (param $m i32) (param $acc i32)
    (local $i i32) (local $p i32) (local $j i32) (local $av f64) (local $bp i32) (local $ap i32) (local $q i32)
    (local.set $i (i32.const 0))
    (block $di (loop $li
      (br_if $di (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $dz (loop $lz
        (br_if $dz (i32.ge_u (local.get $j) (local.get $m)))
        (f64.store (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))) (f64.const 0))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lz)))
      (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
      (local.set $p (i32.const 0))
      (block $dp (loop $lp
        (br_if $dp (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $av (f64.promote_f32 (f32.load (i32.add (local.get $ap) (i32.shl (i32.mul (local.get $p) (local.get $sa1)) (i32.const 2))))))
        (if (f64.ne (local.get $av) (f64.const 0)) (then
          (local.set $bp (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $m)) (i32.const 3))))
          (local.set $j (i32.const 0))
          (block $dj (loop $lj
            (br_if $dj (i32.ge_u (local.get $j) (local.get $m)))
            (local.set $q (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))
            (f64.store (local.get $q) (f64.add (f64.load (local.get $q))
              (f64.mul (local.get $av) (f64.load (i32.add (local.get $bp) (i32.shl (local.get $j) (i32.const 3)))))))
            (local.set $j (i32.add (local.get $j) (i32.const 1)))
            (br $lj)))))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $lp)))
      (local.set $q (i32.add (local.get $out) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $do (loop $lo
        (br_if $do (i32.ge_u (local.get $j) (local.get $m)))
        (f32.store (i32.add (local.get $q) (i32.shl (local.get $j) (i32.const 2)))
          (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $j) (i32.const 3))))))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $lo)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $li))))

  ;; rows i, i + 1 and columns j..j+7 of out, the 16 sums in 8 registers across the whole reduction
  (func $block_2x8 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $o i32)
    (local $x v128) (local $y v128) (local $v0 v128) (local $v1 v128) (local $v2 v128) (local $v3 v128)
    (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $sa0 (i32.shl (local.get $sa0) (i32.const 2)))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $x (f64x2.splat (f64.promote_f32 (f32.load (local.get $ap)))))
      (local.set $y (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $ap) (local.get $sa0))))))
      (local.set $v0 (v128.load (local.get $bp)))
      (local.set $v1 (v128.load offset=16 (local.get $bp)))
      (local.set $v2 (v128.load offset=32 (local.get $bp)))
      (local.set $v3 (v128.load offset=48 (local.get $bp)))
      (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $x) (local.get $v0))))
      (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $x) (local.get $v1))))
      (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $x) (local.get $v2))))
      (local.set $r3 (f64x2.add (local.get $r3) (f64x2.mul (local.get $x) (local.get $v3))))
      (local.set $s0 (f64x2.add (local.get $s0) (f64x2.mul (local.get $y) (local.get $v0))))
      (local.set $s1 (f64x2.add (local.get $s1) (f64x2.mul (local.get $y) (local.get $v1))))
      (local.set $s2 (f64x2.add (local.get $s2) (f64x2.mul (local.get $y) (local.get $v2))))
      (local.set $s3 (f64x2.add (local.get $s3) (f64x2.mul (local.get $y) (local.get $v3))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2))))
    (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r0)))
    (v128.store64_lane offset=8 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r1)))
    (v128.store64_lane offset=16 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r2)))
    (v128.store64_lane offset=24 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r3)))
    (local.set $o (i32.add (local.get $o) (i32.shl (local.get $m) (i32.const 2))))
    (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $s0)))
    (v128.store64_lane offset=8 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $s1)))
    (v128.store64_lane offset=16 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $s2)))
    (v128.store64_lane offset=24 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $s3))))

  ;; row i and columns j..j+7
  (func $block_1x8 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $o i32)
    (local $x v128) (local $r0 v128) (local $r1 v128) (local $r2 v128) (local $r3 v128)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $x (f64x2.splat (f64.promote_f32 (f32.load (local.get $ap)))))
      (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (local.get $x) (v128.load (local.get $bp)))))
      (local.set $r1 (f64x2.add (local.get $r1) (f64x2.mul (local.get $x) (v128.load offset=16 (local.get $bp)))))
      (local.set $r2 (f64x2.add (local.get $r2) (f64x2.mul (local.get $x) (v128.load offset=32 (local.get $bp)))))
      (local.set $r3 (f64x2.add (local.get $r3) (f64x2.mul (local.get $x) (v128.load offset=48 (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2))))
    (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r0)))
    (v128.store64_lane offset=8 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r1)))
    (v128.store64_lane offset=16 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r2)))
    (v128.store64_lane offset=24 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r3))))

  ;; row i and columns j, j+1
  (func $block_1x2 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $r0 v128)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $r0 (f64x2.add (local.get $r0)
        (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (local.get $ap)))) (v128.load (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (v128.store64_lane 0 (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2)))
      (f32x4.demote_f64x2_zero (local.get $r0))))

  ;; row i, column j
  (func $block_1x1 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $s f64)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $s (f64.add (local.get $s) (f64.mul (f64.promote_f32 (f32.load (local.get $ap))) (f64.load (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (f32.store (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2)))
      (f32.demote_f64 (local.get $s))))

  ;; out[n, m] = A[n, k] @ B[k, m] as mm_skip computes it, for a B that pack_f64 found all finite
  (func $mm_fast (export "mm_fast") (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $j i32) (local $m8 i32) (local $m2 i32)
    (local.set $m8 (i32.and (local.get $m) (i32.const -8)))
    (local.set $m2 (i32.and (local.get $m) (i32.const -2)))
    ;; pairs of rows, 8 columns at a time
    (local.set $i (i32.const 0))
    (block $di (loop $li
      (br_if $di (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
      (local.set $j (i32.const 0))
      (block $dj (loop $lj
        (br_if $dj (i32.ge_u (local.get $j) (local.get $m8)))
        (call $block_2x8 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $lj)))
      (local.set $i (i32.add (local.get $i) (i32.const 2)))
      (br $li)))
    ;; the last row when n is odd
    (if (i32.lt_u (local.get $i) (local.get $n)) (then
      (local.set $j (i32.const 0))
      (block $dj1 (loop $lj1
        (br_if $dj1 (i32.ge_u (local.get $j) (local.get $m8)))
        (call $block_1x8 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j))
        (local.set $j (i32.add (local.get $j) (i32.const 8)))
        (br $lj1)))))
    ;; the columns past the last multiple of 8: pairs of rows by 2 and 1 columns, then the odd last row
    (if (i32.lt_u (local.get $m8) (local.get $m)) (then
      (local.set $i (i32.const 0))
      (block $dt (loop $lt
        (br_if $dt (i32.ge_u (i32.add (local.get $i) (i32.const 1)) (local.get $n)))
        (local.set $j (local.get $m8))
        (block $d2 (loop $l2
          (br_if $d2 (i32.ge_u (local.get $j) (local.get $m2)))
          (call $block_2x2 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $l2)))
        (if (i32.lt_u (local.get $j) (local.get $m)) (then
          (call $block_2x1 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j))))
        (local.set $i (i32.add (local.get $i) (i32.const 2)))
        (br $lt)))
      (if (i32.lt_u (local.get $i) (local.get $n)) (then
        (local.set $j (local.get $m8))
        (block $d3 (loop $l3
          (br_if $d3 (i32.ge_u (local.get $j) (local.get $m2)))
          (call $block_1x2 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j))
          (local.set $j (i32.add (local.get $j) (i32.const 2)))
          (br $l3)))
        (if (i32.lt_u (local.get $j) (local.get $m)) (then
          (call $block_1x1 (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b) (local.get $out) (local.get $k) (local.get $m) (local.get $i) (local.get $j)))))))))

  ;; rows i, i + 1 and columns j, j + 1
  (func $block_2x2 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $o i32)
    (local $v v128) (local $r0 v128) (local $s0 v128)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $sa0 (i32.shl (local.get $sa0) (i32.const 2)))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $v (v128.load (local.get $bp)))
      (local.set $r0 (f64x2.add (local.get $r0) (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (local.get $ap)))) (local.get $v))))
      (local.set $s0 (f64x2.add (local.get $s0)
        (f64x2.mul (f64x2.splat (f64.promote_f32 (f32.load (i32.add (local.get $ap) (local.get $sa0))))) (local.get $v))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2))))
    (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $r0)))
    (v128.store64_lane 0 (i32.add (local.get $o) (i32.shl (local.get $m) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $s0))))

  ;; rows i, i + 1 (one lane each) and column j
  (func $block_2x1 (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $out i32)
    (param $k i32) (param $m i32) (param $i i32) (param $j i32)
    (local $ap i32) (local $bp i32) (local $p i32) (local $astep i32) (local $bstep i32) (local $o i32) (local $r v128)
    (local.set $ap (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $sa0)) (i32.const 2))))
    (local.set $sa0 (i32.shl (local.get $sa0) (i32.const 2)))
    (local.set $astep (i32.shl (local.get $sa1) (i32.const 2)))
    (local.set $bp (i32.add (local.get $b) (i32.shl (local.get $j) (i32.const 3))))
    (local.set $bstep (i32.shl (local.get $m) (i32.const 3)))
    (local.set $p (local.get $k))
    (block $dp (loop $lp
      (br_if $dp (i32.eqz (local.get $p)))
      (local.set $r (f64x2.add (local.get $r)
        (f64x2.mul
          (f64x2.replace_lane 1 (f64x2.splat (f64.promote_f32 (f32.load (local.get $ap))))
            (f64.promote_f32 (f32.load (i32.add (local.get $ap) (local.get $sa0)))))
          (v128.load64_splat (local.get $bp)))))
      (local.set $ap (i32.add (local.get $ap) (local.get $astep)))
      (local.set $bp (i32.add (local.get $bp) (local.get $bstep)))
      (local.set $p (i32.sub (local.get $p) (i32.const 1)))
      (br $lp)))
    (local.set $o (i32.add (local.get $out) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2))))
    (f32.store (local.get $o) (f32.demote_f64 (f64x2.extract_lane 0 (local.get $r))))
    (f32.store (i32.add (local.get $o) (i32.shl (local.get $m) (i32.const 2))) (f32.demote_f64 (f64x2.extract_lane 1 (local.get $r)))))

  ;; o[i] = x[i] op y[i] for i < n (op: 0 +, 1 -, 2 *, 3 /)
  (func $vv (param $op i32) (param $o i32) (param $x i32) (param $y i32) (param $n i32)
    (local $end i32) (local $end4 i32)
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (if (i32.eq (local.get $op) (i32.const 0)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.add (f32.load (local.get $x)) (f32.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.sub (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.sub (f32.load (local.get $x)) (f32.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.mul (f32.load (local.get $x)) (f32.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (v128.load (local.get $x)) (v128.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (f32.load (local.get $x)) (f32.load (local.get $y))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
  )

  ;; o[i] = x[i] op y for i < n (op: 0 +, 1 -, 2 *, 3 /)
  (func $vs (param $op i32) (param $o i32) (param $x i32) (param $y f32) (param $n i32)
    (local $end i32) (local $end4 i32) (local $yv v128)
    (local.set $yv (f32x4.splat (local.get $y)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (if (i32.eq (local.get $op) (i32.const 0)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.add (v128.load (local.get $x)) (local.get $yv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.add (f32.load (local.get $x)) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.sub (v128.load (local.get $x)) (local.get $yv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.sub (f32.load (local.get $x)) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.mul (v128.load (local.get $x)) (local.get $yv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.mul (f32.load (local.get $x)) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (v128.load (local.get $x)) (local.get $yv)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (f32.load (local.get $x)) (local.get $y)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
  )

  ;; o[i] = x op y[i] for i < n (op: 0 +, 1 -, 2 *, 3 /)
  (func $sv (param $op i32) (param $o i32) (param $x f32) (param $y i32) (param $n i32)
    (local $end i32) (local $end4 i32) (local $xv v128)
    (local.set $xv (f32x4.splat (local.get $x)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (if (i32.eq (local.get $op) (i32.const 0)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.add (local.get $xv) (v128.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.add (local.get $x) (f32.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 1)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.sub (local.get $xv) (v128.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.sub (local.get $x) (f32.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 2)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.mul (local.get $xv) (v128.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.mul (local.get $x) (f32.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    (if (i32.eq (local.get $op) (i32.const 3)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (local.get $xv) (v128.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (local.get $x) (f32.load (local.get $y))))
        (local.set $y (i32.add (local.get $y) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
  )

;; ---- exp and tanh as V8's Math.exp and Math.tanh compute them (src/base/ieee754.cc, fdlibm's algorithms: the same
;; branches, constants and order of double operations), so a float32 tensor's tanh or exp here rounds to the float32
;; the engine's Math call gives. WebAssembly's f64 arithmetic is IEEE round-to-nearest
;; with no contraction into fused multiply-adds, as V8's C++ is built on x64. test/kernels/replay-math.test.ts holds
;; them to Math.* over every float32 in the ranges a training step meets, and beyond.

  ;; the high and low 32 bits of a double, and a double from a high word (low word 0) or with its high word replaced
  (func $hi (param $x f64) (result i32) (i32.wrap_i64 (i64.shr_u (i64.reinterpret_f64 (local.get $x)) (i64.const 32))))
  (func $lo (param $x f64) (result i32) (i32.wrap_i64 (i64.reinterpret_f64 (local.get $x))))
  (func $from_hi (param $h i32) (result f64) (f64.reinterpret_i64 (i64.shl (i64.extend_i32_u (local.get $h)) (i64.const 32))))
  (func $set_hi (param $x f64) (param $h i32) (result f64)
    (f64.reinterpret_i64 (i64.or (i64.shl (i64.extend_i32_u (local.get $h)) (i64.const 32))
      (i64.and (i64.reinterpret_f64 (local.get $x)) (i64.const 0xFFFFFFFF)))))

  ;; e^x - 1 (ieee754::expm1)
  (func $expm1 (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $c f64) (local $t f64)
    (local $e f64) (local $hxs f64) (local $hfx f64) (local $r1 f64) (local $y f64) (local $twopk f64)
    (local.set $hx (call $hi (local.get $x)))
    (local.set $xsb (i32.and (local.get $hx) (i32.const 0x80000000)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7FFFFFFF)))
    ;; huge and non-finite arguments
    (if (i32.ge_u (local.get $hx) (i32.const 0x4043687A)) (then
      (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42)) (then
        (if (i32.ge_u (local.get $hx) (i32.const 0x7FF00000)) (then
          (if (i32.or (i32.and (local.get $hx) (i32.const 0xFFFFF)) (call $lo (local.get $x)))
            (then (return (f64.add (local.get $x) (local.get $x)))))
          (return (if (result f64) (i32.eqz (local.get $xsb)) (then (local.get $x)) (else (f64.const -1))))))
        (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))))
      ;; x < -56 ln2: -1
      (if (local.get $xsb) (then (return (f64.const -1))))))
    ;; argument reduction: x = k ln2 + r, |r| <= ln2 / 2, with c the rounding error of r
    (if (i32.gt_u (local.get $hx) (i32.const 0x3FD62E42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            (if (i32.eqz (local.get $xsb))
              (then
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10))
                (local.set $k (i32.const 1)))
              (else
                (local.set $hi (f64.add (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))
                (local.set $k (i32.const -1)))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (if (result f64) (i32.eqz (local.get $xsb)) (then (f64.const 0.5)) (else (f64.const -0.5))))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo)))
        (local.set $c (f64.sub (f64.sub (local.get $hi) (local.get $x)) (local.get $lo))))
      (else
        ;; |x| < 2^-54: x itself
        (if (i32.lt_u (local.get $hx) (i32.const 0x3C900000)) (then (return (local.get $x))))
        (local.set $k (i32.const 0))))
    ;; the rational approximation on the primary range
    (local.set $hfx (f64.mul (f64.const 0.5) (local.get $x)))
    (local.set $hxs (f64.mul (local.get $x) (local.get $hfx)))
    (local.set $r1 (f64.add (f64.const 1)
      (f64.mul (local.get $hxs) (f64.add (f64.const -3.33333333333331316428e-02)
        (f64.mul (local.get $hxs) (f64.add (f64.const 1.58730158725481460165e-03)
          (f64.mul (local.get $hxs) (f64.add (f64.const -7.93650757867487942473e-05)
            (f64.mul (local.get $hxs) (f64.add (f64.const 4.00821782732936239552e-06)
              (f64.mul (local.get $hxs) (f64.const -2.01099218183624371326e-07))))))))))))
    (local.set $t (f64.sub (f64.const 3) (f64.mul (local.get $r1) (local.get $hfx))))
    (local.set $e (f64.mul (local.get $hxs)
      (f64.div (f64.sub (local.get $r1) (local.get $t)) (f64.sub (f64.const 6) (f64.mul (local.get $x) (local.get $t))))))
    (if (i32.eqz (local.get $k))
      (then (return (f64.sub (local.get $x) (f64.sub (f64.mul (local.get $x) (local.get $e)) (local.get $hxs))))))
    ;; scale back by 2^k
    (local.set $twopk (call $from_hi (i32.add (i32.const 0x3FF00000) (i32.shl (local.get $k) (i32.const 20)))))
    (local.set $e (f64.sub (f64.mul (local.get $x) (f64.sub (local.get $e) (local.get $c))) (local.get $c)))
    (local.set $e (f64.sub (local.get $e) (local.get $hxs)))
    (if (i32.eq (local.get $k) (i32.const -1))
      (then (return (f64.sub (f64.mul (f64.const 0.5) (f64.sub (local.get $x) (local.get $e))) (f64.const 0.5)))))
    (if (i32.eq (local.get $k) (i32.const 1)) (then
      (if (f64.lt (local.get $x) (f64.const -0.25))
        (then (return (f64.mul (f64.const -2) (f64.sub (local.get $e) (f64.add (local.get $x) (f64.const 0.5))))))
        (else (return (f64.add (f64.const 1) (f64.mul (f64.const 2) (f64.sub (local.get $x) (local.get $e)))))))))
    (if (i32.or (i32.le_s (local.get $k) (i32.const -2)) (i32.gt_s (local.get $k) (i32.const 56))) (then
      (local.set $y (f64.sub (f64.const 1) (f64.sub (local.get $e) (local.get $x))))
      (local.set $y (if (result f64) (i32.eq (local.get $k) (i32.const 1024))
        (then (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 8.98846567431158e+307)))
        (else (f64.mul (local.get $y) (local.get $twopk)))))
      (return (f64.sub (local.get $y) (f64.const 1)))))
    (if (result f64) (i32.lt_s (local.get $k) (i32.const 20))
      (then
        ;; t = 1 - 2^-k
        (local.set $t (call $from_hi (i32.sub (i32.const 0x3FF00000) (i32.shr_s (i32.const 0x200000) (local.get $k)))))
        (f64.mul (f64.sub (local.get $t) (f64.sub (local.get $e) (local.get $x))) (local.get $twopk)))
      (else
        ;; t = 2^-k
        (local.set $t (call $from_hi (i32.shl (i32.sub (i32.const 0x3FF) (local.get $k)) (i32.const 20))))
        (f64.mul (f64.add (f64.sub (local.get $x) (f64.add (local.get $e) (local.get $t))) (f64.const 1)) (local.get $twopk)))))

  ;; tanh x (ieee754::tanh): x below 2^-28 itself, -t / (t + 2) with t = expm1(-2|x|) below 1,
  ;; 1 - 2 / (t + 2) with t = expm1(2|x|) below 22, else 1; the sign of x
  (func $tanh (param $x f64) (result f64)
    (local $jx i32) (local $ix i32) (local $t f64) (local $z f64)
    (local.set $jx (call $hi (local.get $x)))
    (local.set $ix (i32.and (local.get $jx) (i32.const 0x7FFFFFFF)))
    (if (i32.ge_u (local.get $ix) (i32.const 0x7FF00000)) (then
      (return (if (result f64) (i32.ge_s (local.get $jx) (i32.const 0))
        (then (f64.add (f64.div (f64.const 1) (local.get $x)) (f64.const 1)))
        (else (f64.sub (f64.div (f64.const 1) (local.get $x)) (f64.const 1)))))))
    (if (i32.lt_u (local.get $ix) (i32.const 0x40360000))
      (then
        (if (i32.lt_u (local.get $ix) (i32.const 0x3E300000)) (then (return (local.get $x))))
        (if (i32.ge_u (local.get $ix) (i32.const 0x3FF00000))
          (then
            (local.set $t (call $expm1 (f64.mul (f64.const 2) (f64.abs (local.get $x)))))
            (local.set $z (f64.sub (f64.const 1) (f64.div (f64.const 2) (f64.add (local.get $t) (f64.const 2))))))
          (else
            (local.set $t (call $expm1 (f64.mul (f64.const -2) (f64.abs (local.get $x)))))
            (local.set $z (f64.div (f64.neg (local.get $t)) (f64.add (local.get $t) (f64.const 2)))))))
      (else (local.set $z (f64.const 1))))
    (if (result f64) (i32.ge_s (local.get $jx) (i32.const 0)) (then (local.get $z)) (else (f64.neg (local.get $z)))))

;; tanh of float32s two at a time. Each lane's double goes through $tanh's and $expm1's operations for
  ;; 2^-28 <= |x| < 6.75, where only four of expm1's branches can be taken: with a = -2|x| below 1, k = 0
  ;; (|a| <= ln2 / 2), k = -1 (|a| < 1.5 ln2) or k <= -2; with a = 2|x| from 1 on, 3 <= k <= 19 (6.75 keeps k < 20).
  ;; All four are computed and each lane's own selected, so a lane's double is $tanh's. k is fdlibm's integer
  ;; conversion (trunc of a value far inside the int range, so f64x2.trunc), and 2^k and 2^-k are built in the
  ;; exponent bits from k + 2^52 + 1023 (exact for these k). A pair with a lane outside that range (tiny, 6.75 and
  ;; beyond, NaN) goes to $tanh lane by lane. The constants live in locals set once: V8 would rebuild each at every use.
  ;; Two pairs go through each iteration, their statements interleaved (the _2 locals are the second pair's), so the
  ;; two long chains of dependent operations overlap: 17% faster than a pair an iteration, measured here.
  (func $tanh_pairs (param $o i32) (param $src i32) (param $pairs i32)
    (local $x_2 v128) (local $ax_2 v128) (local $big_2 v128) (local $a_2 v128) (local $red_2 v128)
    (local $near_2 v128) (local $kf_2 v128) (local $hi_2 v128) (local $lo_2 v128) (local $r_2 v128) (local $c_2 v128)
    (local $hfx_2 v128) (local $hxs_2 v128) (local $r1_2 v128) (local $t_2 v128) (local $e_2 v128) (local $ek_2 v128)
    (local $twopk_2 v128) (local $twomk_2 v128) (local $res_2 v128) (local $q_2 v128)
    (local $end i32) (local $x v128) (local $ax v128) (local $big v128) (local $a v128) (local $red v128) (local $near v128)
    (local $kf v128) (local $hi v128) (local $lo v128) (local $r v128) (local $c v128) (local $hfx v128) (local $hxs v128)
    (local $r1 v128) (local $t v128) (local $e v128) (local $ek v128) (local $twopk v128) (local $twomk v128) (local $res v128)
    (local $q v128)
    (local $tiny v128) (local $top v128) (local $one v128) (local $two v128) (local $mtwo v128) (local $half v128)
    (local $mhalf v128) (local $mone v128) (local $three v128) (local $six v128) (local $redmin v128) (local $nearmax v128)
    (local $invln2 v128) (local $ln2hi v128) (local $ln2lo v128) (local $q1 v128) (local $q2 v128) (local $q3 v128)
    (local $q4 v128) (local $q5 v128) (local $magic v128) (local $sign v128)
    (local.set $tiny (v128.const i64x2 0x3E30000000000000 0x3E30000000000000))
    (local.set $top (f64x2.splat (f64.const 6.75)))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $mtwo (f64x2.splat (f64.const -2)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $mhalf (f64x2.splat (f64.const -0.5)))
    (local.set $mone (f64x2.splat (f64.const -1)))
    (local.set $three (f64x2.splat (f64.const 3)))
    (local.set $six (f64x2.splat (f64.const 6)))
    ;; |a| > ln2 / 2 (high word above 0x3FD62E42) and |a| < 1.5 ln2 (high word below 0x3FF0A2B2), halved: |x| = |a| / 2
    ;; |a| > ln2 / 2 (high word above 0x3FD62E42) and |a| < 1.5 ln2 (high word below 0x3FF0A2B2), halved: |x| = |a| / 2
    (local.set $redmin (v128.const i64x2 0x3FC62E4300000000 0x3FC62E4300000000))
    (local.set $nearmax (v128.const i64x2 0x3FE0A2B200000000 0x3FE0A2B200000000))
    (local.set $invln2 (f64x2.splat (f64.const 1.44269504088896338700e+00)))
    (local.set $ln2hi (f64x2.splat (f64.const 6.93147180369123816490e-01)))
    (local.set $ln2lo (f64x2.splat (f64.const 1.90821492927058770002e-10)))
    (local.set $q1 (f64x2.splat (f64.const -3.33333333333331316428e-02)))
    (local.set $q2 (f64x2.splat (f64.const 1.58730158725481460165e-03)))
    (local.set $q3 (f64x2.splat (f64.const -7.93650757867487942473e-05)))
    (local.set $q4 (f64x2.splat (f64.const 4.00821782732936239552e-06)))
    (local.set $q5 (f64x2.splat (f64.const -2.01099218183624371326e-07)))
    (local.set $magic (f64x2.splat (f64.const 4503599627371519)))
    (local.set $sign (v128.const i64x2 0x8000000000000000 0x8000000000000000))
    (local.set $end (i32.add (local.get $o) (i32.shl (i32.and (local.get $pairs) (i32.const -2)) (i32.const 3))))
    ;; two pairs an iteration, interleaved
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (block $next
        (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))
        (local.set $x_2 (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $src))))
        (local.set $ax (f64x2.abs (local.get $x)))
        (local.set $ax_2 (f64x2.abs (local.get $x_2)))
        (if (i32.eqz (i64x2.all_true (v128.and
            (v128.and (f64x2.ge (local.get $ax) (local.get $tiny)) (f64x2.lt (local.get $ax) (local.get $top)))
            (v128.and (f64x2.ge (local.get $ax_2) (local.get $tiny)) (f64x2.lt (local.get $ax_2) (local.get $top))))))
          (then
            (f32.store (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load (local.get $src))))))
            (f32.store offset=4 (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load offset=4 (local.get $src))))))
            (f32.store offset=8 (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load offset=8 (local.get $src))))))
            (f32.store offset=12 (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load offset=12 (local.get $src))))))
            (br $next)))
        ;; a = 2|x| from 1 on, else -2|x|: expm1's argument
        (local.set $big (f64x2.ge (local.get $ax) (local.get $one)))
        (local.set $big_2 (f64x2.ge (local.get $ax_2) (local.get $one)))
        (local.set $a (f64x2.mul (local.get $ax) (v128.bitselect (local.get $two) (local.get $mtwo) (local.get $big))))
        (local.set $a_2 (f64x2.mul (local.get $ax_2) (v128.bitselect (local.get $two) (local.get $mtwo) (local.get $big_2))))
        (local.set $red (f64x2.ge (local.get $ax) (local.get $redmin)))
        (local.set $red_2 (f64x2.ge (local.get $ax_2) (local.get $redmin)))
        (local.set $near (f64x2.lt (local.get $ax) (local.get $nearmax)))
        (local.set $near_2 (f64x2.lt (local.get $ax_2) (local.get $nearmax)))
        ;; k: trunc(a / ln2 +- 0.5), -1 where near, 0 where not reduced
        (local.set $kf (f64x2.trunc (f64x2.add (f64x2.mul (local.get $invln2) (local.get $a))
          (v128.bitselect (local.get $half) (local.get $mhalf) (local.get $big)))))
        (local.set $kf_2 (f64x2.trunc (f64x2.add (f64x2.mul (local.get $invln2) (local.get $a_2))
          (v128.bitselect (local.get $half) (local.get $mhalf) (local.get $big_2)))))
        (local.set $kf (v128.and (v128.bitselect (local.get $mone) (local.get $kf) (local.get $near)) (local.get $red)))
        (local.set $kf_2 (v128.and (v128.bitselect (local.get $mone) (local.get $kf_2) (local.get $near_2)) (local.get $red_2)))
        ;; r = hi - lo = a - k ln2, and its correction c (k = 0: hi = a, lo = +0, r = a)
        (local.set $hi (f64x2.sub (local.get $a) (f64x2.mul (local.get $kf) (local.get $ln2hi))))
        (local.set $hi_2 (f64x2.sub (local.get $a_2) (f64x2.mul (local.get $kf_2) (local.get $ln2hi))))
        (local.set $lo (f64x2.mul (local.get $kf) (local.get $ln2lo)))
        (local.set $lo_2 (f64x2.mul (local.get $kf_2) (local.get $ln2lo)))
        (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
        (local.set $r_2 (f64x2.sub (local.get $hi_2) (local.get $lo_2)))
        (local.set $c (f64x2.sub (f64x2.sub (local.get $hi) (local.get $r)) (local.get $lo)))
        (local.set $c_2 (f64x2.sub (f64x2.sub (local.get $hi_2) (local.get $r_2)) (local.get $lo_2)))
        (local.set $hfx (f64x2.mul (local.get $half) (local.get $r)))
        (local.set $hfx_2 (f64x2.mul (local.get $half) (local.get $r_2)))
        (local.set $hxs (f64x2.mul (local.get $r) (local.get $hfx)))
        (local.set $hxs_2 (f64x2.mul (local.get $r_2) (local.get $hfx_2)))
        (local.set $r1 (f64x2.add (local.get $one)
          (f64x2.mul (local.get $hxs) (f64x2.add (local.get $q1)
            (f64x2.mul (local.get $hxs) (f64x2.add (local.get $q2)
              (f64x2.mul (local.get $hxs) (f64x2.add (local.get $q3)
                (f64x2.mul (local.get $hxs) (f64x2.add (local.get $q4) (f64x2.mul (local.get $hxs) (local.get $q5))))))))))))
        (local.set $r1_2 (f64x2.add (local.get $one)
          (f64x2.mul (local.get $hxs_2) (f64x2.add (local.get $q1)
            (f64x2.mul (local.get $hxs_2) (f64x2.add (local.get $q2)
              (f64x2.mul (local.get $hxs_2) (f64x2.add (local.get $q3)
                (f64x2.mul (local.get $hxs_2) (f64x2.add (local.get $q4) (f64x2.mul (local.get $hxs_2) (local.get $q5))))))))))))
        (local.set $t (f64x2.sub (local.get $three) (f64x2.mul (local.get $r1) (local.get $hfx))))
        (local.set $t_2 (f64x2.sub (local.get $three) (f64x2.mul (local.get $r1_2) (local.get $hfx_2))))
        (local.set $e (f64x2.mul (local.get $hxs) (f64x2.div (f64x2.sub (local.get $r1) (local.get $t))
          (f64x2.sub (local.get $six) (f64x2.mul (local.get $r) (local.get $t))))))
        (local.set $e_2 (f64x2.mul (local.get $hxs_2) (f64x2.div (f64x2.sub (local.get $r1_2) (local.get $t_2))
          (f64x2.sub (local.get $six) (f64x2.mul (local.get $r_2) (local.get $t_2))))))
        (local.set $ek (f64x2.sub (f64x2.sub (f64x2.mul (local.get $r) (f64x2.sub (local.get $e) (local.get $c))) (local.get $c)) (local.get $hxs)))
        (local.set $ek_2 (f64x2.sub (f64x2.sub (f64x2.mul (local.get $r_2) (f64x2.sub (local.get $e_2) (local.get $c_2))) (local.get $c_2)) (local.get $hxs_2)))
        (local.set $twopk (i64x2.shl (f64x2.add (local.get $kf) (local.get $magic)) (i32.const 52)))
        (local.set $twopk_2 (i64x2.shl (f64x2.add (local.get $kf_2) (local.get $magic)) (i32.const 52)))
        (local.set $twomk (i64x2.shl (f64x2.sub (local.get $magic) (local.get $kf)) (i32.const 52)))
        (local.set $twomk_2 (i64x2.shl (f64x2.sub (local.get $magic) (local.get $kf_2)) (i32.const 52)))
        ;; below 1: k = 0: r - (r e - hxs); k = -1: (r - e) / 2 - 1/2; k <= -2: (1 - (e - r)) 2^k - 1
        (local.set $res (v128.bitselect
          (f64x2.sub (local.get $r) (f64x2.sub (f64x2.mul (local.get $r) (local.get $e)) (local.get $hxs)))
          (v128.bitselect
            (f64x2.sub (f64x2.mul (local.get $half) (f64x2.sub (local.get $r) (local.get $ek))) (local.get $half))
            (f64x2.sub (f64x2.mul (f64x2.sub (local.get $one) (f64x2.sub (local.get $ek) (local.get $r))) (local.get $twopk)) (local.get $one))
            (local.get $near))
          (v128.not (local.get $red))))
        (local.set $res_2 (v128.bitselect
          (f64x2.sub (local.get $r_2) (f64x2.sub (f64x2.mul (local.get $r_2) (local.get $e_2)) (local.get $hxs_2)))
          (v128.bitselect
            (f64x2.sub (f64x2.mul (local.get $half) (f64x2.sub (local.get $r_2) (local.get $ek_2))) (local.get $half))
            (f64x2.sub (f64x2.mul (f64x2.sub (local.get $one) (f64x2.sub (local.get $ek_2) (local.get $r_2))) (local.get $twopk_2)) (local.get $one))
            (local.get $near_2))
          (v128.not (local.get $red_2))))
        ;; from 1 on (3 <= k < 20): ((1 - 2^-k) - (e - r)) 2^k
        (local.set $res (v128.bitselect
          (f64x2.mul (f64x2.sub (f64x2.sub (local.get $one) (local.get $twomk)) (f64x2.sub (local.get $ek) (local.get $r))) (local.get $twopk))
          (local.get $res) (local.get $big)))
        (local.set $res_2 (v128.bitselect
          (f64x2.mul (f64x2.sub (f64x2.sub (local.get $one) (local.get $twomk_2)) (f64x2.sub (local.get $ek_2) (local.get $r_2))) (local.get $twopk_2))
          (local.get $res_2) (local.get $big_2)))
        ;; tanh |x| = 1 - 2 / (t + 2) from 1 on, else -t / (t + 2); both positive, so x's sign bit makes -z
        (local.set $q (f64x2.div
          (v128.bitselect (local.get $two) (f64x2.neg (local.get $res)) (local.get $big))
          (f64x2.add (local.get $res) (local.get $two))))
        (local.set $q_2 (f64x2.div
          (v128.bitselect (local.get $two) (f64x2.neg (local.get $res_2)) (local.get $big_2))
          (f64x2.add (local.get $res_2) (local.get $two))))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (v128.xor
          (v128.bitselect (f64x2.sub (local.get $one) (local.get $q)) (local.get $q) (local.get $big))
          (v128.and (local.get $x) (local.get $sign)))))
        (v128.store64_lane 0 (i32.add (local.get $o) (i32.const 8)) (f32x4.demote_f64x2_zero (v128.xor
          (v128.bitselect (f64x2.sub (local.get $one) (local.get $q_2)) (local.get $q_2) (local.get $big_2))
          (v128.and (local.get $x_2) (local.get $sign))))))
      (local.set $src (i32.add (local.get $src) (i32.const 16)))
      (local.set $o (i32.add (local.get $o) (i32.const 16)))
      (br $pair)))
    ;; an odd last pair, lane by lane
    (if (i32.and (local.get $pairs) (i32.const 1)) (then
      (f32.store (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load (local.get $src))))))
      (f32.store offset=4 (local.get $o) (f32.demote_f64 (call $tanh (f64.promote_f32 (f32.load offset=4 (local.get $src)))))))))

  ;; e^x (ieee754::exp)
  (func $exp (param $x f64) (result f64)
    (local $hx i32) (local $xsb i32) (local $k i32) (local $hi f64) (local $lo f64) (local $c f64) (local $t f64)
    (local $y f64) (local $twopk f64)
    (local.set $hx (call $hi (local.get $x)))
    (local.set $xsb (i32.shr_u (local.get $hx) (i32.const 31)))
    (local.set $hx (i32.and (local.get $hx) (i32.const 0x7FFFFFFF)))
    ;; non-finite, overflowing and underflowing arguments
    (if (i32.ge_u (local.get $hx) (i32.const 0x40862E42)) (then
      (if (i32.ge_u (local.get $hx) (i32.const 0x7FF00000)) (then
        (if (i32.or (i32.and (local.get $hx) (i32.const 0xFFFFF)) (call $lo (local.get $x)))
          (then (return (f64.add (local.get $x) (local.get $x)))))
        (return (if (result f64) (i32.eqz (local.get $xsb)) (then (local.get $x)) (else (f64.const 0))))))
      (if (f64.gt (local.get $x) (f64.const 7.09782712893383973096e+02)) (then (return (f64.const inf))))
      (if (f64.lt (local.get $x) (f64.const -7.45133219101941108420e+02)) (then (return (f64.const 0))))))
    ;; argument reduction
    (if (i32.gt_u (local.get $hx) (i32.const 0x3FD62E42))
      (then
        (if (i32.lt_u (local.get $hx) (i32.const 0x3FF0A2B2))
          (then
            ;; V8 returns its own E for exp(1), the last bit of which the algorithm gets wrong
            (if (f64.eq (local.get $x) (f64.const 1)) (then (return (f64.const 2.718281828459045))))
            (if (i32.eqz (local.get $xsb))
              (then
                (local.set $hi (f64.sub (local.get $x) (f64.const 6.93147180369123816490e-01)))
                (local.set $lo (f64.const 1.90821492927058770002e-10)))
              (else
                (local.set $hi (f64.sub (local.get $x) (f64.const -6.93147180369123816490e-01)))
                (local.set $lo (f64.const -1.90821492927058770002e-10))))
            (local.set $k (i32.sub (i32.sub (i32.const 1) (local.get $xsb)) (local.get $xsb))))
          (else
            (local.set $k (i32.trunc_f64_s (f64.add (f64.mul (f64.const 1.44269504088896338700e+00) (local.get $x))
              (if (result f64) (i32.eqz (local.get $xsb)) (then (f64.const 0.5)) (else (f64.const -0.5))))))
            (local.set $t (f64.convert_i32_s (local.get $k)))
            (local.set $hi (f64.sub (local.get $x) (f64.mul (local.get $t) (f64.const 6.93147180369123816490e-01))))
            (local.set $lo (f64.mul (local.get $t) (f64.const 1.90821492927058770002e-10)))))
        (local.set $x (f64.sub (local.get $hi) (local.get $lo))))
      (else
        ;; |x| < 2^-28: 1 + x
        (if (i32.lt_u (local.get $hx) (i32.const 0x3E300000)) (then (return (f64.add (f64.const 1) (local.get $x)))))
        (local.set $k (i32.const 0))))
    (local.set $t (f64.mul (local.get $x) (local.get $x)))
    (local.set $twopk (call $from_hi (i32.add (i32.const 0x3FF00000) (i32.shl
      (if (result i32) (i32.ge_s (local.get $k) (i32.const -1021)) (then (local.get $k)) (else (i32.add (local.get $k) (i32.const 1000))))
      (i32.const 20)))))
    (local.set $c (f64.sub (local.get $x) (f64.mul (local.get $t)
      (f64.add (f64.const 1.66666666666666019037e-01) (f64.mul (local.get $t)
        (f64.add (f64.const -2.77777777770155933842e-03) (f64.mul (local.get $t)
          (f64.add (f64.const 6.61375632143793436117e-05) (f64.mul (local.get $t)
            (f64.add (f64.const -1.65339022054652515390e-06) (f64.mul (local.get $t) (f64.const 4.13813679705723846039e-08))))))))))))
    (if (i32.eqz (local.get $k)) (then
      (return (f64.sub (f64.const 1) (f64.sub (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (local.get $c) (f64.const 2))) (local.get $x))))))
    (local.set $y (f64.sub (f64.const 1) (f64.sub (f64.sub (local.get $lo)
      (f64.div (f64.mul (local.get $x) (local.get $c)) (f64.sub (f64.const 2) (local.get $c)))) (local.get $hi))))
    (if (result f64) (i32.ge_s (local.get $k) (i32.const -1021))
      (then
        (if (result f64) (i32.eq (local.get $k) (i32.const 1024))
          (then (f64.mul (f64.mul (local.get $y) (f64.const 2)) (f64.const 8.988465674311579539e307)))
          (else (f64.mul (local.get $y) (local.get $twopk)))))
      (else (f64.mul (f64.mul (local.get $y) (local.get $twopk)) (f64.const 9.33263618503218878990e-302)))))

  ;; e^x of float32s two at a time. Each lane's double goes through $exp's operations for |x| < 700 (no overflow,
  ;; underflow or non-finite branch): k = 0 for |x| <= ln2 / 2 (high word up to 0x3FD62E42), +-1 below 1.5 ln2 (high
  ;; word below 0x3FF0A2B2), else trunc(x / ln2 +- 0.5), with 2^k built as in $tanh_pairs. The k = 0 and k != 0
  ;; endings share one division: x c / (2 - c) is exactly -(x c / (c - 2)). |x| < 2^-28 gives 1 + x, and x = 1 V8's
  ;; own E, as in $exp. A pair with a lane at 700 or beyond, or NaN, goes to $exp lane by lane.
  (func $exp_pairs (param $o i32) (param $src i32) (param $pairs i32)
    (local $end i32) (local $x v128) (local $ax v128) (local $neg v128) (local $red v128) (local $kf v128) (local $hi v128)
    (local $lo v128) (local $r v128) (local $t v128) (local $c v128) (local $d v128) (local $res v128)
    (local $top v128) (local $tiny v128) (local $one v128) (local $two v128) (local $half v128) (local $mhalf v128)
    (local $mone v128) (local $redmin v128) (local $nearmax v128) (local $invln2 v128) (local $ln2hi v128) (local $ln2lo v128)
    (local $p1 v128) (local $p2 v128) (local $p3 v128) (local $p4 v128) (local $p5 v128) (local $magic v128) (local $e v128)
    (local.set $top (f64x2.splat (f64.const 700)))
    (local.set $tiny (v128.const i64x2 0x3E30000000000000 0x3E30000000000000))
    (local.set $one (f64x2.splat (f64.const 1)))
    (local.set $two (f64x2.splat (f64.const 2)))
    (local.set $half (f64x2.splat (f64.const 0.5)))
    (local.set $mhalf (f64x2.splat (f64.const -0.5)))
    (local.set $mone (f64x2.splat (f64.const -1)))
    (local.set $redmin (v128.const i64x2 0x3FD62E4300000000 0x3FD62E4300000000))
    (local.set $nearmax (v128.const i64x2 0x3FF0A2B200000000 0x3FF0A2B200000000))
    (local.set $invln2 (f64x2.splat (f64.const 1.44269504088896338700e+00)))
    (local.set $ln2hi (f64x2.splat (f64.const 6.93147180369123816490e-01)))
    (local.set $ln2lo (f64x2.splat (f64.const 1.90821492927058770002e-10)))
    (local.set $p1 (f64x2.splat (f64.const 1.66666666666666019037e-01)))
    (local.set $p2 (f64x2.splat (f64.const -2.77777777770155933842e-03)))
    (local.set $p3 (f64x2.splat (f64.const 6.61375632143793436117e-05)))
    (local.set $p4 (f64x2.splat (f64.const -1.65339022054652515390e-06)))
    (local.set $p5 (f64x2.splat (f64.const 4.13813679705723846039e-08)))
    (local.set $magic (f64x2.splat (f64.const 4503599627371519)))
    (local.set $e (f64x2.splat (f64.const 2.718281828459045)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $pairs) (i32.const 3))))
    (block $done (loop $pair
      (br_if $done (i32.ge_u (local.get $o) (local.get $end)))
      (block $next
        (local.set $x (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $src))))
        (local.set $ax (f64x2.abs (local.get $x)))
        (if (i32.eqz (i64x2.all_true (f64x2.lt (local.get $ax) (local.get $top))))
          (then
            (f32.store (local.get $o) (f32.demote_f64 (call $exp (f64.promote_f32 (f32.load (local.get $src))))))
            (f32.store offset=4 (local.get $o) (f32.demote_f64 (call $exp (f64.promote_f32 (f32.load offset=4 (local.get $src))))))
            (br $next)))
        (local.set $neg (f64x2.lt (local.get $x) (f64x2.splat (f64.const 0))))
        (local.set $red (f64x2.ge (local.get $ax) (local.get $redmin)))
        ;; k: trunc(x / ln2 +- 0.5), +-1 below 1.5 ln2, 0 where not reduced
        (local.set $kf (f64x2.trunc (f64x2.add (f64x2.mul (local.get $invln2) (local.get $x))
          (v128.bitselect (local.get $mhalf) (local.get $half) (local.get $neg)))))
        (local.set $kf (v128.and (local.get $red) (v128.bitselect
          (v128.bitselect (local.get $mone) (local.get $one) (local.get $neg))
          (local.get $kf)
          (f64x2.lt (local.get $ax) (local.get $nearmax)))))
        ;; r = hi - lo = x - k ln2 (k = 0: hi = x, lo = +0, r = x)
        (local.set $hi (f64x2.sub (local.get $x) (f64x2.mul (local.get $kf) (local.get $ln2hi))))
        (local.set $lo (f64x2.mul (local.get $kf) (local.get $ln2lo)))
        (local.set $r (f64x2.sub (local.get $hi) (local.get $lo)))
        (local.set $t (f64x2.mul (local.get $r) (local.get $r)))
        (local.set $c (f64x2.sub (local.get $r) (f64x2.mul (local.get $t)
          (f64x2.add (local.get $p1) (f64x2.mul (local.get $t)
            (f64x2.add (local.get $p2) (f64x2.mul (local.get $t)
              (f64x2.add (local.get $p3) (f64x2.mul (local.get $t)
                (f64x2.add (local.get $p4) (f64x2.mul (local.get $t) (local.get $p5))))))))))))
        (local.set $d (f64x2.div (f64x2.mul (local.get $r) (local.get $c)) (f64x2.sub (local.get $c) (local.get $two))))
        ;; k != 0: (1 - ((lo + d) - hi)) 2^k; k = 0: 1 - (d - r)
        (local.set $res (v128.bitselect
          (f64x2.mul (f64x2.sub (local.get $one) (f64x2.sub (f64x2.add (local.get $lo) (local.get $d)) (local.get $hi)))
            (i64x2.shl (f64x2.add (local.get $kf) (local.get $magic)) (i32.const 52)))
          (f64x2.sub (local.get $one) (f64x2.sub (local.get $d) (local.get $r)))
          (local.get $red)))
        (local.set $res (v128.bitselect (f64x2.add (local.get $one) (local.get $x)) (local.get $res) (f64x2.lt (local.get $ax) (local.get $tiny))))
        (local.set $res (v128.bitselect (local.get $e) (local.get $res) (f64x2.eq (local.get $x) (local.get $one))))
        (v128.store64_lane 0 (local.get $o) (f32x4.demote_f64x2_zero (local.get $res))))
      (local.set $src (i32.add (local.get $src) (i32.const 8)))
      (local.set $o (i32.add (local.get $o) (i32.const 8)))
      (br $pair))))

  ;; softmax over `rows` rows of `len` contiguous float32s (kernels.ts softmax, the engine's on the last dim): m the
  ;; row's max (from -inf; NaN wins, as Math.max), e = exp(x - m) rounded to float32, their total in double in order,
  ;; then each e times float32(1 / float32(total))
  (func (export "softmax_rows") (param $dst i32) (param $src i32) (param $rows i32) (param $len i32)
    (local $r i32) (local $p i32) (local $q i32) (local $end i32) (local $bytes i32) (local $m f32) (local $total f64) (local $inv f32)
    (local.set $bytes (i32.shl (local.get $len) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $dr (loop $lr
      (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $p (i32.add (local.get $src) (i32.mul (local.get $r) (local.get $bytes))))
      (local.set $end (i32.add (local.get $p) (local.get $bytes)))
      (local.set $m (f32.const -inf))
      (block $dm (loop $lm
        (br_if $dm (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $m (f32.max (local.get $m) (f32.load (local.get $p))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $lm)))
      (local.set $p (i32.sub (local.get $p) (local.get $bytes)))
      (local.set $q (i32.add (local.get $dst) (i32.mul (local.get $r) (local.get $bytes))))
      (local.set $end (i32.add (local.get $q) (local.get $bytes)))
      (block $ds (loop $ls
        (br_if $ds (i32.ge_u (local.get $q) (local.get $end)))
        (f32.store (local.get $q) (f32.sub (f32.load (local.get $p)) (local.get $m)))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $ls)))
      (local.set $q (i32.sub (local.get $q) (local.get $bytes)))
      (call $exp_pairs (local.get $q) (local.get $q) (i32.shr_u (local.get $len) (i32.const 1)))
      (if (i32.and (local.get $len) (i32.const 1)) (then
        (local.set $p (i32.sub (local.get $end) (i32.const 4)))
        (f32.store (local.get $p) (f32.demote_f64 (call $exp (f64.promote_f32 (f32.load (local.get $p))))))))
      (local.set $total (f64.const 0))
      (local.set $p (local.get $q))
      (block $dt (loop $lt
        (br_if $dt (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $total (f64.add (local.get $total) (f64.promote_f32 (f32.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 4)))
        (br $lt)))
      (local.set $inv (f32.div (f32.const 1) (f32.demote_f64 (local.get $total))))
      (block $dv (loop $lv
        (br_if $dv (i32.ge_u (local.get $q) (local.get $end)))
        (f32.store (local.get $q) (f32.mul (f32.load (local.get $q)) (local.get $inv)))
        (local.set $q (i32.add (local.get $q) (i32.const 4)))
        (br $lv)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $lr))))

  ;; o[i] = f(x[i]) in double, rounded to float32, for f = tanh (0) or exp (1): the engine's Math.* loops, two at a
  ;; time, the last one alone
  (func $math (param $f i32) (param $o i32) (param $x i32) (param $n i32)
    (local $pairs i32) (local $at i32)
    (local.set $pairs (i32.shr_u (local.get $n) (i32.const 1)))
    (if (i32.eqz (local.get $f))
      (then (call $tanh_pairs (local.get $o) (local.get $x) (local.get $pairs)))
      (else (call $exp_pairs (local.get $o) (local.get $x) (local.get $pairs))))
    (if (i32.and (local.get $n) (i32.const 1)) (then
      (local.set $at (i32.shl (i32.sub (local.get $n) (i32.const 1)) (i32.const 2)))
      (f32.store (i32.add (local.get $o) (local.get $at)) (f32.demote_f64
        (if (result f64) (i32.eqz (local.get $f))
          (then (call $tanh (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $at))))))
          (else (call $exp (f64.promote_f32 (f32.load (i32.add (local.get $x) (local.get $at))))))))))))

  ;; the two as single doubles, for tests
  (func (export "tanh64") (param $x f64) (result f64) (call $tanh (local.get $x)))
  (func (export "exp64") (param $x f64) (result f64) (call $exp (local.get $x)))

  ;; o[i] = f(x[i]) for i < n; kind: 0 neg, 1 id, 2 sqrt, 3 rsqrt, 4 inv, 5 sq, 6 cube, 7 invsq, 8 tanh, 9 exp
  ;; (as kernels.ts unary32 computes them)
  (func (export "unary") (param $kind i32) (param $o i32) (param $x i32) (param $n i32)
    (local $end i32) (local $end4 i32) (local $v v128) (local $s f32) (local $one4 v128)
    (local.set $one4 (f32x4.splat (f32.const 1)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
    (if (i32.ge_u (local.get $kind) (i32.const 8)) (then
      (call $math (i32.sub (local.get $kind) (i32.const 8)) (local.get $o) (local.get $x) (local.get $n))
      (return)))
    ;; neg
    (if (i32.eq (local.get $kind) (i32.const 0)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.neg (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.neg (f32.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; id
    (if (i32.eq (local.get $kind) (i32.const 1)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (v128.load (local.get $x)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.load (local.get $x)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; sqrt
    (if (i32.eq (local.get $kind) (i32.const 2)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.sqrt (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.sqrt (f32.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; rsqrt
    (if (i32.eq (local.get $kind) (i32.const 3)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (local.get $one4) (f32x4.sqrt (v128.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (f32.const 1) (f32.sqrt (f32.load (local.get $x)))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; inv
    (if (i32.eq (local.get $kind) (i32.const 4)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (local.get $one4) (v128.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (f32.const 1) (f32.load (local.get $x))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; sq
    (if (i32.eq (local.get $kind) (i32.const 5)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.mul (local.tee $v (v128.load (local.get $x))) (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.mul (local.tee $s (f32.load (local.get $x))) (local.get $s)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; cube
    (if (i32.eq (local.get $kind) (i32.const 6)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.mul (f32x4.mul (local.tee $v (v128.load (local.get $x))) (local.get $v)) (local.get $v)))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.mul (f32.mul (local.tee $s (f32.load (local.get $x))) (local.get $s)) (local.get $s)))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
    ;; invsq
    (if (i32.eq (local.get $kind) (i32.const 7)) (then
      (block $d4 (loop $l4
        (br_if $d4 (i32.ge_u (local.get $o) (local.get $end4)))
        (v128.store (local.get $o) (f32x4.div (local.get $one4) (f32x4.mul (local.tee $v (v128.load (local.get $x))) (local.get $v))))
        (local.set $x (i32.add (local.get $x) (i32.const 16))) (local.set $o (i32.add (local.get $o) (i32.const 16)))
        (br $l4)))
      (block $d1 (loop $l1
        (br_if $d1 (i32.ge_u (local.get $o) (local.get $end)))
        (f32.store (local.get $o) (f32.div (f32.const 1) (f32.mul (local.tee $s (f32.load (local.get $x))) (local.get $s))))
        (local.set $x (i32.add (local.get $x) (i32.const 4))) (local.set $o (i32.add (local.get $o) (i32.const 4)))
        (br $l1)))
      (return)))
  )


  ;; o = a op b over rows of len elements; an operand is read by its mode: 0 contiguous (row r at r * len), 1 the
  ;; same len elements every row, 2 one element a row (at r), 3 the scalar given
  (func (export "binary") (param $op i32) (param $o i32) (param $rows i32) (param $len i32)
    (param $a i32) (param $ma i32) (param $as f32) (param $b i32) (param $mb i32) (param $bs f32)
    (local $r i32) (local $x i32) (local $y i32) (local $xs f32) (local $ys f32) (local $row i32) (local $v f32) (local $end i32)
    (local.set $row (i32.shl (local.get $len) (i32.const 2)))
    (local.set $r (i32.const 0))
    (block $done (loop $rows
      (br_if $done (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $x (if (result i32) (i32.eqz (local.get $ma)) (then (i32.add (local.get $a) (i32.mul (local.get $r) (local.get $row)))) (else (local.get $a))))
      (local.set $y (if (result i32) (i32.eqz (local.get $mb)) (then (i32.add (local.get $b) (i32.mul (local.get $r) (local.get $row)))) (else (local.get $b))))
      (local.set $xs (if (result f32) (i32.eq (local.get $ma) (i32.const 2)) (then (f32.load (i32.add (local.get $a) (i32.shl (local.get $r) (i32.const 2))))) (else (local.get $as))))
      (local.set $ys (if (result f32) (i32.eq (local.get $mb) (i32.const 2)) (then (f32.load (i32.add (local.get $b) (i32.shl (local.get $r) (i32.const 2))))) (else (local.get $bs))))
      (if (i32.lt_u (local.get $ma) (i32.const 2))
        (then
          (if (i32.lt_u (local.get $mb) (i32.const 2))
            (then (call $vv (local.get $op) (local.get $o) (local.get $x) (local.get $y) (local.get $len)))
            (else (call $vs (local.get $op) (local.get $o) (local.get $x) (local.get $ys) (local.get $len)))))
        (else
          (if (i32.lt_u (local.get $mb) (i32.const 2))
            (then (call $sv (local.get $op) (local.get $o) (local.get $xs) (local.get $y) (local.get $len)))
            (else
              ;; both scalars: one value for the whole row
              (local.set $v (if (result f32) (i32.eqz (local.get $op)) (then (f32.add (local.get $xs) (local.get $ys)))
                (else (if (result f32) (i32.eq (local.get $op) (i32.const 1)) (then (f32.sub (local.get $xs) (local.get $ys)))
                  (else (if (result f32) (i32.eq (local.get $op) (i32.const 2)) (then (f32.mul (local.get $xs) (local.get $ys)))
                    (else (f32.div (local.get $xs) (local.get $ys)))))))))
              (local.set $x (local.get $o))
              (local.set $end (i32.add (local.get $o) (local.get $row)))
              (block $df (loop $lf
                (br_if $df (i32.ge_u (local.get $x) (local.get $end)))
                (f32.store (local.get $x) (local.get $v))
                (local.set $x (i32.add (local.get $x) (i32.const 4)))
                (br $lf)))))))
      (local.set $o (i32.add (local.get $o) (local.get $row)))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $rows))))

;; o[c] = sum over r of src[r * cols + c], each column in double from +0, rows in order (the engine's sum(0)):
  ;; 8 columns at a time in four registers down all the rows, then 2, then the last one; acc is no longer needed
  (func (export "sum_cols") (param $o i32) (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $c i32) (local $p i32) (local $end i32) (local $stride i32) (local $c8 i32) (local $c2 i32)
    (local $s0 v128) (local $s1 v128) (local $s2 v128) (local $s3 v128) (local $s f64)
    (local.set $stride (i32.shl (local.get $cols) (i32.const 2)))
    (local.set $c8 (i32.and (local.get $cols) (i32.const -8)))
    (local.set $c2 (i32.and (local.get $cols) (i32.const -2)))
    (local.set $c (i32.const 0))
    (block $d8 (loop $l8
      (br_if $d8 (i32.ge_u (local.get $c) (local.get $c8)))
      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
      (local.set $s0 (v128.const i64x2 0 0)) (local.set $s1 (v128.const i64x2 0 0))
      (local.set $s2 (v128.const i64x2 0 0)) (local.set $s3 (v128.const i64x2 0 0))
      (block $dr (loop $lr
        (br_if $dr (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
        (local.set $s1 (f64x2.add (local.get $s1) (f64x2.promote_low_f32x4 (v128.load64_zero offset=8 (local.get $p)))))
        (local.set $s2 (f64x2.add (local.get $s2) (f64x2.promote_low_f32x4 (v128.load64_zero offset=16 (local.get $p)))))
        (local.set $s3 (f64x2.add (local.get $s3) (f64x2.promote_low_f32x4 (v128.load64_zero offset=24 (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br $lr)))
      (local.set $p (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))))
      (v128.store64_lane 0 (local.get $p) (f32x4.demote_f64x2_zero (local.get $s0)))
      (v128.store64_lane offset=8 0 (local.get $p) (f32x4.demote_f64x2_zero (local.get $s1)))
      (v128.store64_lane offset=16 0 (local.get $p) (f32x4.demote_f64x2_zero (local.get $s2)))
      (v128.store64_lane offset=24 0 (local.get $p) (f32x4.demote_f64x2_zero (local.get $s3)))
      (local.set $c (i32.add (local.get $c) (i32.const 8)))
      (br $l8)))
    (block $d2 (loop $l2
      (br_if $d2 (i32.ge_u (local.get $c) (local.get $c2)))
      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
      (local.set $s0 (v128.const i64x2 0 0))
      (block $dr (loop $lr
        (br_if $dr (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s0 (f64x2.add (local.get $s0) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br $lr)))
      (v128.store64_lane 0 (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (f32x4.demote_f64x2_zero (local.get $s0)))
      (local.set $c (i32.add (local.get $c) (i32.const 2)))
      (br $l2)))
    (if (i32.lt_u (local.get $c) (local.get $cols)) (then
      (local.set $p (i32.add (local.get $src) (i32.shl (local.get $c) (i32.const 2))))
      (local.set $end (i32.add (local.get $p) (i32.mul (local.get $rows) (local.get $stride))))
      (local.set $s (f64.const 0))
      (block $dr (loop $lr
        (br_if $dr (i32.ge_u (local.get $p) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (local.get $stride)))
        (br $lr)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2))) (f32.demote_f64 (local.get $s))))))

  ;; o[k] = sum of src[k * len .. k * len + len - 1] in double from +0, in order (a contiguous sum over the last dims)
  (func (export "sum_rows") (param $o i32) (param $src i32) (param $groups i32) (param $len i32)
    (local $k i32) (local $end i32) (local $s f64)
    (local.set $k (i32.const 0))
    (block $dk (loop $lk
      (br_if $dk (i32.ge_u (local.get $k) (local.get $groups)))
      (local.set $s (f64.const 0))
      (local.set $end (i32.add (local.get $src) (i32.shl (local.get $len) (i32.const 2))))
      (block $dr (loop $lr
        (br_if $dr (i32.ge_u (local.get $src) (local.get $end)))
        (local.set $s (f64.add (local.get $s) (f64.promote_f32 (f32.load (local.get $src)))))
        (local.set $src (i32.add (local.get $src) (i32.const 4)))
        (br $lr)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $k) (i32.const 2))) (f32.demote_f64 (local.get $s)))
      (local.set $k (i32.add (local.get $k) (i32.const 1)))
      (br $lk))))

  ;; out[n, m] = A @ B with A and B read in place by strides: B packed into doubles at b64 (k * m), then mm_fast, or
  ;; mm_skip (m doubles of scratch at acc) when B holds an infinity or a NaN
  (func (export "mm") (param $a i32) (param $sa0 i32) (param $sa1 i32) (param $b i32) (param $sb0 i32) (param $sb1 i32)
    (param $out i32) (param $n i32) (param $k i32) (param $m i32) (param $b64 i32) (param $acc i32)
    (if (call $pack_f64 (local.get $b) (local.get $sb0) (local.get $sb1) (local.get $k) (local.get $m) (local.get $b64))
      (then (call $mm_fast (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b64) (local.get $out) (local.get $n) (local.get $k) (local.get $m)))
      (else (call $mm_skip (local.get $a) (local.get $sa0) (local.get $sa1) (local.get $b64) (local.get $out) (local.get $n) (local.get $k) (local.get $m) (local.get $acc)))))
)
