import { writeFileAtomically } from '../../../src-main/core/files/atomic-output.js'

/** Writes argv[3] bytes to argv[2] the way the report is written (write-errors.test.ts runs this under a file-size limit). */
writeFileAtomically(process.argv[2]!, 'x'.repeat(Number(process.argv[3])))
  .then(() => process.stdout.write('written\n'))
  .catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`)
    process.exitCode = 1
  })
