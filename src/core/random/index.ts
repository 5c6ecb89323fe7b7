// The random number generators' public face.
export { MT19937 } from './mt19937'
export { DEFAULT_TORCH_SEED, Generator } from './generator'
export { PyRandom } from './cpython'
