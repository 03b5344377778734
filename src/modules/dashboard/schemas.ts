import { Type } from 'typebox';
import { Timestamp } from '../../platform/http/schemas.js';
import { CloudEventSchema } from '../events/schemas.js';
import { RadarSummary } from '../radar/summary/schemas.js';
import { ResearchTaskSummary } from '../research/schemas.js';

export const DashboardQuery = Type.Object({
  days: Type.Optional(
    Type.Integer({
      minimum: 1,
      maximum: 365,
      default: 7,
      description: 'research tasks due within this many days are upcoming',
    }),
  ),
  top: Type.Optional(
    Type.Integer({ minimum: 0, maximum: 50, default: 5, description: 'overdue and upcoming tasks listed' }),
  ),
  activity: Type.Optional(Type.Integer({ minimum: 0, maximum: 100, default: 20, description: 'recent events listed' })),
});

const Attention = Type.Object({ count: Type.Integer(), items: Type.Array(ResearchTaskSummary) });

export const Dashboard = Type.Object({
  ...RadarSummary.properties,
  research: Type.Object({
    overdue: Attention,
    upcoming: Type.Object({ days: Type.Integer(), ...Attention.properties }),
  }),
  recentActivity: Type.Array(CloudEventSchema, { description: 'newest first; job progress updates left out' }),
  generatedAt: Timestamp,
});
