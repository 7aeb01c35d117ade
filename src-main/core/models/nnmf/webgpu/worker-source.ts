/**
 * The GPU worker's program, as source text for `new Worker(src, { eval: true })` (a file path would
 * differ between tsx, vitest, the Electron bundle and the CLI; see fastcpu/worker-source.ts).
 * Plain CommonJS JavaScript, deliberately generic: it owns the Dawn device and executes what
 * gpu-host.ts asks (buffers, pipelines, bind groups, writes, and runs of dispatches with optional
 * read-backs), one message at a time in arrival order. Every decision about the model lives on the
 * typed side.
 *
 * Why a worker at all: reading GPU memory is asynchronous in WebGPU, but the engine contract's
 * getParams() is synchronous. The calling thread blocks on Atomics.wait while this thread, whose
 * event loop keeps running, maps the buffer and copies it into shared memory.
 */
export const WORKER_SOURCE = `
'use strict'
const { parentPort } = require('node:worker_threads')
// gpu must stay referenced: dawn.node tears the instance down when it is collected, device or not.
let gpu, device, lost, failure, staging
const buffers = new Map(), pipelines = new Map(), groups = new Map()
let queue = Promise.resolve()

async function init(msg) {
  const { create, globals } = await import(msg.moduleUrl)
  // Our handlers use the GPU* flag constants; the package exposes them on 'globals'.
  for (const name of ['GPUBufferUsage', 'GPUMapMode']) globalThis[name] = globals[name]
  gpu = create(msg.flags)
  const adapter = await gpu.requestAdapter({ powerPreference: 'high-performance' })
  if (!adapter) throw new Error('requestAdapter() returned no adapter (no Vulkan, Metal or Direct3D 12 driver that Dawn accepts)')
  const want = ['maxStorageBufferBindingSize', 'maxBufferSize', 'maxStorageBuffersPerShaderStage', 'maxComputeWorkgroupsPerDimension']
  const requiredLimits = {}
  for (const k of want) requiredLimits[k] = adapter.limits[k]
  device = await adapter.requestDevice({ requiredLimits })
  device.lost.then((info) => { lost = 'GPU device lost (' + info.reason + '): ' + info.message })
  device.onuncapturederror = (ev) => { failure ??= 'WebGPU error: ' + ev.error.message }
  const i = adapter.info
  return {
    info: { vendor: i.vendor, architecture: i.architecture, device: i.device, description: i.description, isFallbackAdapter: !!i.isFallbackAdapter },
    limits: requiredLimits,
  }
}

function check() {
  if (lost) throw new Error(lost)
  if (failure) { const f = failure; failure = undefined; throw new Error(f) }
}

async function pipeline(msg) {
  const module = device.createShaderModule({ code: msg.code })
  const info = await module.getCompilationInfo()
  const errors = info.messages.filter((m) => m.type === 'error')
  if (errors.length) throw new Error('WGSL (' + msg.label + '): ' + errors.map((m) => m.lineNum + ':' + m.linePos + ' ' + m.message).join('; '))
  pipelines.set(msg.id, await device.createComputePipelineAsync({ label: msg.label, layout: 'auto', compute: { module, entryPoint: 'main' } }))
}

async function run(msg) {
  check()
  device.pushErrorScope('validation')
  device.pushErrorScope('out-of-memory')
  const encoder = device.createCommandEncoder()
  let pass
  for (const item of msg.items) {
    if (item.dispatch !== undefined) {
      pass ??= encoder.beginComputePass()
      pass.setPipeline(pipelines.get(item.dispatch))
      pass.setBindGroup(0, groups.get(item.group))
      pass.dispatchWorkgroups(item.x, item.y)
    } else {
      if (pass) { pass.end(); pass = undefined }
      encoder.clearBuffer(buffers.get(item.clear), item.offset, item.size)
    }
  }
  if (pass) pass.end()
  const total = msg.reads.reduce((s, r) => s + r.size, 0)
  if (total > 0) {
    if (!staging || staging.size < total) {
      staging?.destroy()
      staging = device.createBuffer({ size: Math.max(total, 2 * (staging?.size ?? 0)), usage: GPUBufferUsage.MAP_READ | GPUBufferUsage.COPY_DST })
    }
    let at = 0
    for (const r of msg.reads) { encoder.copyBufferToBuffer(buffers.get(r.id), r.offset, staging, at, r.size); at += r.size }
  }
  device.queue.submit([encoder.finish()])
  const oom = await device.popErrorScope()
  const invalid = await device.popErrorScope()
  if (oom) throw new Error('GPU out of memory: ' + oom.message)
  if (invalid) throw new Error('WebGPU validation: ' + invalid.message)
  if (total === 0) { await device.queue.onSubmittedWorkDone(); check(); return new ArrayBuffer(0) }
  await staging.mapAsync(GPUMapMode.READ, 0, total)
  const out = staging.getMappedRange(0, total).slice(0)
  staging.unmap()
  check()
  return out
}

const handlers = {
  init,
  pipeline,
  run,
  buffer(msg) {
    buffers.get(msg.id)?.destroy()
    const usage = msg.uniform ? GPUBufferUsage.UNIFORM | GPUBufferUsage.COPY_DST : GPUBufferUsage.STORAGE | GPUBufferUsage.COPY_SRC | GPUBufferUsage.COPY_DST
    buffers.set(msg.id, device.createBuffer({ label: msg.label, size: msg.size, usage }))
  },
  group(msg) {
    const p = pipelines.get(msg.pipeline)
    groups.set(msg.id, device.createBindGroup({ layout: p.getBindGroupLayout(0), entries: msg.buffers.map((id, binding) => ({ binding, resource: { buffer: buffers.get(id) } })) }))
  },
  async loseDevice() {
    // What a driver reset does: the device stays referenced, device.lost resolves, every later request fails.
    const gone = device.lost
    device.destroy()
    await gone
  },
  dispose() {
    device?.destroy()
    device = undefined
    gpu = undefined
  },
}

function reply(msg, ok, value) {
  if (msg.sync) {
    // The caller is blocked in Atomics.wait on sync[0]: data (or the error text) goes to shared memory.
    const flag = new Int32Array(msg.sync.flag)
    let bytes = ok ? new Uint8Array(value) : new TextEncoder().encode(String(value))
    const room = new Uint8Array(msg.sync.data)
    if (bytes.length > room.length) { ok = false; bytes = new TextEncoder().encode('read-back of ' + bytes.length + ' bytes exceeds ' + room.length) }
    room.set(bytes)
    flag[1] = bytes.length
    Atomics.store(flag, 0, ok ? 1 : 2)
    Atomics.notify(flag, 0)
  } else if (msg.seq !== undefined) {
    parentPort.postMessage(ok ? { seq: msg.seq, ok, value } : { seq: msg.seq, ok, error: String(value) }, ok && value instanceof ArrayBuffer ? [value] : [])
  } else if (!ok) {
    // A fire-and-forget step failed: report it with the next awaited one.
    failure ??= String(value)
  }
}

parentPort.on('message', (msg) => {
  queue = queue.then(async () => {
    try {
      if (msg.op !== 'init' && msg.op !== 'dispose' && !device) throw new Error('the GPU device is gone (disposed or never created)')
      // Buffer writes queued since the last message come first, in order.
      for (const w of msg.writes ?? []) device.queue.writeBuffer(buffers.get(w.id), w.offset, w.data)
      reply(msg, true, await handlers[msg.op](msg))
    } catch (error) {
      reply(msg, false, error && error.message ? error.message : error)
    }
  })
})
`
