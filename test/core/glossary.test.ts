import { describe, expect, it } from 'vitest'
import { adapterLabel } from '../../src-main/core/models/nnmf/webgpu/adapter.js'
import {
  backendWords,
  defaultPilotName,
  durationWords,
  pilotNameForEffort,
  engineFactsFromLabel,
  engineLabelWords,
  exportFileName,
  GLOSSARY,
} from '../../src-main/core/glossary.js'
import { failureReason } from '../../src-main/services/backend-status.js'

describe('glossary', () => {
  it('words durations in each language, with no English unit in Japanese', () => {
    expect(durationWords(42.46, 'en')).toBe('42.5 s')
    expect(durationWords(0.002147, 'ja')).toBe('0.0021 秒')
    expect(durationWords(0.05395, 'en')).toBe('0.054 s')
    expect(durationWords(127, 'en')).toBe('2 min 07 s')
    expect(durationWords(127, 'ja')).toBe('2 分 07 秒')
    expect(durationWords(3600 + 5 * 60 + 20, 'ja')).toBe('1 時間 05 分')
    expect(durationWords(59.96, 'ja')).toBe('60.0 秒')
  })

  it('words an engine from its facts, parsed from the labels the core stores', () => {
    const fastcpu = 'CPU fast path (WebAssembly SIMD, 2 threads)'
    expect(engineFactsFromLabel('fastcpu', fastcpu)).toMatchObject({ name: 'fastcpu', threads: 2 })
    expect(engineLabelWords('fastcpu', fastcpu, 'ja')).toBe('CPU 高速経路（WebAssembly SIMD、2 スレッド）')
    expect(engineLabelWords('fastcpu', fastcpu, 'en')).toBe(fastcpu)
    expect(engineLabelWords('fastcpu', 'CPU fast path (WebAssembly SIMD, 1 thread)', 'en')).toBe('CPU fast path (WebAssembly SIMD, 1 thread)')
    const adapter = { vendor: 'google', architecture: 'swiftshader', device: '', description: 'SwiftShader driver', isFallbackAdapter: true }
    const webgpu = `WebGPU on ${adapterLabel(adapter)}`
    expect(engineLabelWords('webgpu', webgpu, 'en')).toBe(webgpu)
    expect(engineLabelWords('webgpu', webgpu, 'ja')).toBe('WebGPU（google · swiftshader · SwiftShader driver (ソフトウェア)）')
    expect(engineLabelWords('tfjs-tensorflow-gpu', 'TensorFlow native (CUDA GPU)', 'ja')).toBe('TensorFlow ネイティブ（CUDA GPU）')
    expect(engineLabelWords('tfjs-wasm', 'WebAssembly (CPU, SIMD, 1 thread)', 'ja')).toBe('TensorFlow.js WebAssembly（CPU、1 スレッド）')
    // A name this version does not know keeps its stored label rather than guessing.
    expect(engineLabelWords('quantum', 'Quantum annealer', 'ja')).toBe('Quantum annealer')
  })

  it('says "not installed" for a missing optional package, never the raw message', () => {
    const raw = "Cannot find package '@tensorflow/tfjs-node-gpu' imported from /x/out/main/job-process.js"
    expect(failureReason(raw)).toBe('not-installed')
    expect(failureReason('libcudart.so.11.0: cannot open shared object file')).toBe('failed')
    expect(`${backendWords('tensorflow-gpu', 'en')}: ${GLOSSARY.en.attempt['not-installed']}`).toBe('TensorFlow native (CUDA GPU): not installed')
    expect(`${backendWords('tensorflow-gpu', 'ja')}: ${GLOSSARY.ja.attempt['not-installed']}`).toBe(
      'TensorFlow ネイティブ（CUDA GPU）: インストールされていません',
    )
  })

  it('names export files in the export language', () => {
    expect(exportFileName('plant', 'completed', 'csv', 'ja')).toBe('plant 補完済み行列.csv')
    expect(exportFileName('plant', 'completed', 'csv', 'en')).toBe('plant completed.csv')
    expect(exportFileName('plant · quick', 'report', 'pdf', 'ja')).toBe('plant · quick レポート.pdf')
  })

  it('gives each Japanese term one name: no two keys of a group share a name, no Latin word except product names', () => {
    const ja = GLOSSARY.ja
    for (const group of [ja.model, ja.effort, ja.layout, ja.valueKind, ja.status, ja.exportKind, ja.exportTitle]) {
      const names = Object.values(group)
      expect(new Set(names).size).toBe(names.length)
      for (const name of names) expect(name.replace(/\b(NNMF|MF)\b/g, '').match(/[A-Za-z]{2,}/g)).toBeNull()
    }
  })

  it("names an unnamed pilot after its dataset and effort in the page language, and follows a re-run's effort", () => {
    expect(defaultPilotName('成形ライン', 'quick', 'ja')).toBe('成形ライン · お試し')
    expect(defaultPilotName('press', 'quick', 'en')).toBe('press · quick')
    expect(pilotNameForEffort('成形ライン · お試し', 'quick', 'standard', 'ja')).toBe('成形ライン · 標準')
    // Stored by the CLI or an earlier version in English, re-run from a Japanese page.
    expect(pilotNameForEffort('press · quick', 'quick', 'thorough', 'ja')).toBe('press · 念入り')
    expect(pilotNameForEffort('my own name', 'quick', 'standard', 'ja')).toBe('my own name')
  })
})
