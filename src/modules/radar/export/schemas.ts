import { Type } from 'typebox';
import { EXPORT_FORMATS } from '../schemas.js';

export const ExportQuery = Type.Object({
  format: Type.Enum(EXPORT_FORMATS),
  volumeId: Type.Optional(
    Type.String({ format: 'uuid', maxLength: 36, description: 'export a published volume instead of the live radar' }),
  ),
});
