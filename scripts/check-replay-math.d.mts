export interface ReplayMathResult {
  name: string
  checked: number
  differ: number
  first: string | null
}
export function checkReplayMath(stride?: number): Promise<ReplayMathResult[]>
