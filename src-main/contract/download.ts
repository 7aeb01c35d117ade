import { z } from 'zod'

/** A file the main side wrote for the user to save (web: GET /api/download/<id>; Electron: a save dialog). */
export const downloadSchema = z.object({ downloadId: z.string(), fileName: z.string(), size: z.number().int().nonnegative() })
export type Download = z.infer<typeof downloadSchema>
