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
;;   then add: the product of two float32 values is exact in double, so there is nothing for an FMA to change).
;; Pointers are byte offsets; strides and counts are in elements.
(module
  (memory (export "memory") 1)

  ;; dst[r, c] (f64, contiguous) = src[r * s0 + c * s1] (f32); returns 1 when every value is finite
  (func $pack_f64 (export "pack_f64") (param $src i32) (param $s0 i32) (param $s1 i32) (param $rows i32) (param $cols i32) (param $dst i32) (result i32)
    (local $r i32) (local $c i32) (local $row i32) (local $v f64) (local $finite i32)
    (local.set $finite (i32.const 1))
    (local.set $r (i32.const 0))
    (block $dr (loop $lr
      (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $row (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $s0)) (i32.const 2))))
      (local.set $c (i32.const 0))
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

  ;; o[i] = f(x[i]) for i < n; kind: 0 neg, 1 id, 2 sqrt, 3 rsqrt, 4 inv, 5 sq, 6 cube, 7 invsq (as kernels.ts unary32 computes them)
  (func (export "unary") (param $kind i32) (param $o i32) (param $x i32) (param $n i32)
    (local $end i32) (local $end4 i32) (local $v v128) (local $s f32) (local $one4 v128)
    (local.set $one4 (f32x4.splat (f32.const 1)))
    (local.set $end (i32.add (local.get $o) (i32.shl (local.get $n) (i32.const 2))))
    (local.set $end4 (i32.add (local.get $o) (i32.shl (i32.and (local.get $n) (i32.const -4)) (i32.const 2))))
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

  ;; o[c] = sum over r of src[r * cols + c], each column in double from +0, rows in order (the engine's sum(0))
  (func (export "sum_cols") (param $o i32) (param $src i32) (param $rows i32) (param $cols i32) (param $acc i32)
    (local $c i32) (local $r i32) (local $p i32) (local $q i32) (local $c2 i32)
    (local.set $c2 (i32.and (local.get $cols) (i32.const -2)))
    (local.set $c (i32.const 0))
    (block $dz (loop $lz
      (br_if $dz (i32.ge_u (local.get $c) (local.get $cols)))
      (f64.store (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))) (f64.const 0))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $lz)))
    (local.set $r (i32.const 0))
    (block $dr (loop $lr
      (br_if $dr (i32.ge_u (local.get $r) (local.get $rows)))
      (local.set $p (i32.add (local.get $src) (i32.shl (i32.mul (local.get $r) (local.get $cols)) (i32.const 2))))
      (local.set $q (local.get $acc))
      (local.set $c (i32.const 0))
      (block $d2 (loop $l2
        (br_if $d2 (i32.ge_u (local.get $c) (local.get $c2)))
        (v128.store (local.get $q) (f64x2.add (v128.load (local.get $q)) (f64x2.promote_low_f32x4 (v128.load64_zero (local.get $p)))))
        (local.set $p (i32.add (local.get $p) (i32.const 8)))
        (local.set $q (i32.add (local.get $q) (i32.const 16)))
        (local.set $c (i32.add (local.get $c) (i32.const 2)))
        (br $l2)))
      (if (i32.lt_u (local.get $c) (local.get $cols)) (then
        (f64.store (local.get $q) (f64.add (f64.load (local.get $q)) (f64.promote_f32 (f32.load (local.get $p)))))))
      (local.set $r (i32.add (local.get $r) (i32.const 1)))
      (br $lr)))
    (local.set $c (i32.const 0))
    (block $do (loop $lo
      (br_if $do (i32.ge_u (local.get $c) (local.get $cols)))
      (f32.store (i32.add (local.get $o) (i32.shl (local.get $c) (i32.const 2)))
        (f32.demote_f64 (f64.load (i32.add (local.get $acc) (i32.shl (local.get $c) (i32.const 3))))))
      (local.set $c (i32.add (local.get $c) (i32.const 1)))
      (br $lo))))

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
