;; Matrix-product kernels for exercise 4's training step, 4 float32 lanes at a time (WASM SIMD).
;; All matrices are row-major float32 in linear memory; pointers are byte offsets. Each kernel ADDS into C, so the
;; caller presets C (to zeros or a broadcast bias). Columns past the last multiple of 4 are done one at a time.
(module
  (memory (export "memory") 1)

  ;; C[n, m] += A[n, k] @ B[k, m]
  (func (export "gemm_nn") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $p i32) (local $j i32) (local $m4 i32)
    (local $arow i32) (local $brow i32) (local $crow i32) (local $s f32) (local $sv v128)
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 2))))
      (local.set $p (i32.const 0))
      (block $done_p (loop $loop_p
        (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (f32.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $sv (f32x4.splat (local.get $s)))
        (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $p) (local.get $m)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $done_j (loop $loop_j
          (br_if $done_j (i32.ge_u (local.get $j) (local.get $m4)))
          (v128.store
            (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
            (f32x4.add
              (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
              (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $loop_j)))
        (block $done_t (loop $loop_t
          (br_if $done_t (i32.ge_u (local.get $j) (local.get $m)))
          (f32.store
            (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
            (f32.add
              (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
              (f32.mul (local.get $s) (f32.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $loop_t)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $loop_p)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; C[k, m] += A[n, k]^T @ B[n, m]   (weight gradients: dW = X.T @ dY)
  (func (export "gemm_tn") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $p i32) (local $j i32) (local $m4 i32)
    (local $arow i32) (local $brow i32) (local $crow i32) (local $s f32) (local $sv v128)
    (local.set $m4 (i32.and (local.get $m) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $i) (local.get $m)) (i32.const 2))))
      (local.set $p (i32.const 0))
      (block $done_p (loop $loop_p
        (br_if $done_p (i32.ge_u (local.get $p) (local.get $k)))
        (local.set $s (f32.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2)))))
        (local.set $sv (f32x4.splat (local.get $s)))
        (local.set $crow (i32.add (local.get $c) (i32.shl (i32.mul (local.get $p) (local.get $m)) (i32.const 2))))
        (local.set $j (i32.const 0))
        (block $done_j (loop $loop_j
          (br_if $done_j (i32.ge_u (local.get $j) (local.get $m4)))
          (v128.store
            (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
            (f32x4.add
              (v128.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
              (f32x4.mul (local.get $sv) (v128.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 4)))
          (br $loop_j)))
        (block $done_t (loop $loop_t
          (br_if $done_t (i32.ge_u (local.get $j) (local.get $m)))
          (f32.store
            (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2)))
            (f32.add
              (f32.load (i32.add (local.get $crow) (i32.shl (local.get $j) (i32.const 2))))
              (f32.mul (local.get $s) (f32.load (i32.add (local.get $brow) (i32.shl (local.get $j) (i32.const 2)))))))
          (local.set $j (i32.add (local.get $j) (i32.const 1)))
          (br $loop_t)))
        (local.set $p (i32.add (local.get $p) (i32.const 1)))
        (br $loop_p)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))

  ;; C[n, m] = A[n, k] @ B[m, k]^T   (input gradients: dX = dY @ W.T), one dot product per output
  (func (export "gemm_nt") (param $a i32) (param $b i32) (param $c i32) (param $n i32) (param $k i32) (param $m i32)
    (local $i i32) (local $j i32) (local $p i32) (local $k4 i32)
    (local $arow i32) (local $brow i32) (local $acc v128) (local $s f32)
    (local.set $k4 (i32.and (local.get $k) (i32.const -4)))
    (local.set $i (i32.const 0))
    (block $done_i (loop $loop_i
      (br_if $done_i (i32.ge_u (local.get $i) (local.get $n)))
      (local.set $arow (i32.add (local.get $a) (i32.shl (i32.mul (local.get $i) (local.get $k)) (i32.const 2))))
      (local.set $j (i32.const 0))
      (block $done_j (loop $loop_j
        (br_if $done_j (i32.ge_u (local.get $j) (local.get $m)))
        (local.set $brow (i32.add (local.get $b) (i32.shl (i32.mul (local.get $j) (local.get $k)) (i32.const 2))))
        (local.set $acc (v128.const f32x4 0 0 0 0))
        (local.set $p (i32.const 0))
        (block $done_p (loop $loop_p
          (br_if $done_p (i32.ge_u (local.get $p) (local.get $k4)))
          (local.set $acc
            (f32x4.add (local.get $acc)
              (f32x4.mul
                (v128.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
                (v128.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 4)))
          (br $loop_p)))
        (local.set $s
          (f32.add
            (f32.add (f32x4.extract_lane 0 (local.get $acc)) (f32x4.extract_lane 1 (local.get $acc)))
            (f32.add (f32x4.extract_lane 2 (local.get $acc)) (f32x4.extract_lane 3 (local.get $acc)))))
        (block $done_t (loop $loop_t
          (br_if $done_t (i32.ge_u (local.get $p) (local.get $k)))
          (local.set $s
            (f32.add (local.get $s)
              (f32.mul
                (f32.load (i32.add (local.get $arow) (i32.shl (local.get $p) (i32.const 2))))
                (f32.load (i32.add (local.get $brow) (i32.shl (local.get $p) (i32.const 2)))))))
          (local.set $p (i32.add (local.get $p) (i32.const 1)))
          (br $loop_t)))
        (f32.store
          (i32.add (local.get $c) (i32.shl (i32.add (i32.mul (local.get $i) (local.get $m)) (local.get $j)) (i32.const 2)))
          (local.get $s))
        (local.set $j (i32.add (local.get $j) (i32.const 1)))
        (br $loop_j)))
      (local.set $i (i32.add (local.get $i) (i32.const 1)))
      (br $loop_i))))
)
