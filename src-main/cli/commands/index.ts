import type { Command } from '../command.js'
import { datasetsCommand } from './datasets.js'
import { exportCommand } from './export.js'
import { importCommand } from './import.js'
import { modelsCommand } from './models.js'
import { pilotCommand } from './pilot.js'
import { pilotsCommand } from './pilots.js'
import { predictCommand } from './predict.js'
import { resumeCommand } from './resume.js'
import { trainCommand } from './train.js'

/**
 * Every command, in the order `--help` lists them. A new command (`pilot`, `export`) is one file
 * in this folder exporting a Command, and one line here.
 */
export const COMMANDS: readonly Command[] = [
  importCommand,
  datasetsCommand,
  trainCommand,
  resumeCommand,
  modelsCommand,
  predictCommand,
  pilotCommand,
  pilotsCommand,
  exportCommand,
]
