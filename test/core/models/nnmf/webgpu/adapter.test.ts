import './gpu-env.js'
import { describe, expect, it } from 'vitest'
import { chooseNnmfEngine } from '../../../../../src-main/core/models/nnmf/choose-engine.js'
import { adapterLabel, isSoftwareAdapter, type AdapterInfo } from '../../../../../src-main/core/models/nnmf/webgpu/index.js'

const adapter = (over: Partial<AdapterInfo>): AdapterInfo => ({ vendor: '', architecture: '', device: '', description: '', isFallbackAdapter: false, ...over })

describe('WebGPU adapters', () => {
  it('tells software adapters from hardware ones', () => {
    // As Dawn reports them (SwiftShader here; the others from their drivers' names).
    expect(
      isSoftwareAdapter(adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true })),
    ).toBe(true)
    expect(isSoftwareAdapter(adapter({ vendor: 'mesa', description: 'llvmpipe (LLVM 15.0.6, 256 bits)' }))).toBe(true)
    expect(isSoftwareAdapter(adapter({ description: 'Microsoft Basic Render Driver' }))).toBe(true)
    expect(isSoftwareAdapter(adapter({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics 770' }))).toBe(false)
    expect(isSoftwareAdapter(adapter({ vendor: 'amd', architecture: 'rdna-2', description: 'AMD Radeon(TM) Graphics' }))).toBe(false)
  })

  it('labels an adapter by vendor, architecture and description', () => {
    expect(adapterLabel(adapter({ vendor: 'intel', architecture: 'gen-12lp', description: 'Intel(R) UHD Graphics 770' }))).toBe(
      'intel · gen-12lp · Intel(R) UHD Graphics 770',
    )
    expect(adapterLabel(adapter({ vendor: 'google', architecture: 'swiftshader', description: 'SwiftShader driver 5.0.0', isFallbackAdapter: true }))).toBe(
      'google · swiftshader · SwiftShader driver 5.0.0 (software)',
    )
  })

  it("'webgpu' forces the engine on this machine's adapter, named; 'auto' without a model shape to probe never takes WebGPU", async () => {
    const forced = await chooseNnmfEngine('webgpu')
    expect(forced.name).toBe('webgpu')
    expect(forced.label).toMatch(/^WebGPU on \S.* · /)
    expect((await chooseNnmfEngine('auto')).name).not.toBe('webgpu')
  })
})
