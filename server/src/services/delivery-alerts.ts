import type { Core } from '@strapi/strapi';
import type { DeliveryAlert } from '../../../shared/contracts/deliveries';
import { ALERTABLE_CODES, ALERTABLE_OUTCOMES, isPortalCode, PORTAL_ANSWERS } from '../delivery/answers';
import { UID } from '../constants';
import { modelTable } from '../utils/model-table';
import { getService } from '../utils/get-service';
import { renderAlertEmail } from '../utils/lead-email';
import { getPluginConfig } from '../utils/plugin-config';

/** A burst of refusals is counted once it is over, not at its first request. */
const FIRST_CHECK_DELAY_MS = 1000;

const toDate = (value: unknown): Date => (value instanceof Date ? value : new Date(value as string | number));

/**
 * Delivery problems made visible. The alerts are computed from the delivery log in the
 * database (one grouped count over the window, on the (outcome, received_at) index), so every
 * Strapi instance sees the same ones. A refusal schedules a check in this process, throttled to
 * one per `checkIntervalSeconds`; the check e-mails `notifications.errorsEmail` about codes
 * whose alert was not e-mailed within the window, which a conditional UPDATE of the code's
 * `delivery-alert` row decides once for all instances.
 */
export default ({ strapi }: { strapi: Core.Strapi }) => {
  let timer: NodeJS.Timeout | null = null;
  let lastCheckAt = 0;
  let running: Promise<void> | null = null;
  let stopped = false;

  const config = () => getPluginConfig(strapi);

  const alertRows = () => strapi.db.query(UID.deliveryAlert);

  /** One row per code, made on first need; a concurrent maker's insert fails on the unique index. */
  const ensureRow = async (code: string) => {
    if (await alertRows().findOne({ where: { code }, select: ['id'] })) return;
    try {
      await alertRows().create({ data: { code, notifiedAt: null }, select: ['id'] });
    } catch (error) {
      if (!(await alertRows().findOne({ where: { code }, select: ['id'] }))) throw error;
    }
  };

  /** True for the one caller (of all instances) that may e-mail this code's alert now. */
  const claim = async (code: string, now: Date, windowMinutes: number): Promise<boolean> => {
    await ensureRow(code);
    const cutoff = new Date(now.getTime() - windowMinutes * 60_000);
    const { count } = await alertRows().updateMany({
      where: { code, $or: [{ notifiedAt: null }, { notifiedAt: { $lte: cutoff } }] },
      data: { notifiedAt: now },
    });
    return count > 0;
  };

  const release = async (codes: string[]) => {
    await alertRows().updateMany({ where: { code: { $in: codes } }, data: { notifiedAt: null } });
  };

  const service = {
    /** The codes over their threshold within the last `windowMinutes`, latest first. */
    async active(now = new Date()): Promise<DeliveryAlert[]> {
      const { deliveryAlerts } = config();
      const { windowMinutes } = deliveryAlerts;
      const since = new Date(now.getTime() - windowMinutes * 60_000);
      const { name: tableName, column } = modelTable(strapi, UID.delivery);

      const rows: Array<{ code: unknown; httpStatus: unknown; count: unknown; firstSeenAt: unknown; lastSeenAt: unknown }> =
        await strapi.db
          .connection(tableName)
          .select({ code: column('code') })
          .max({ httpStatus: column('httpStatus') })
          .count({ count: '*' })
          .min({ firstSeenAt: column('receivedAt') })
          .max({ lastSeenAt: column('receivedAt') })
          .whereIn(column('outcome'), [...ALERTABLE_OUTCOMES])
          .where(column('receivedAt'), '>=', since)
          // an admin's replay is not the portal knocking
          .where((query) => query.whereNull(column('method')).orWhereNot(column('method'), 'REPLAY'))
          .groupBy(column('code'));

      const over = rows
        .filter((row) => isPortalCode(row.code) && ALERTABLE_CODES.includes(row.code))
        .map((row) => {
          const code = row.code as string;
          return {
            code,
            httpStatus: Number(row.httpStatus),
            message: isPortalCode(code) ? PORTAL_ANSWERS[code].message : '',
            count: Number(row.count),
            threshold: deliveryAlerts.thresholds[code] ?? deliveryAlerts.threshold,
            windowMinutes,
            firstSeenAt: toDate(row.firstSeenAt).toISOString(),
            lastSeenAt: toDate(row.lastSeenAt).toISOString(),
            notifiedAt: null as string | null,
          };
        })
        .filter((alert) => alert.count >= alert.threshold)
        .sort((a, b) => b.lastSeenAt.localeCompare(a.lastSeenAt));
      if (over.length === 0) return [];

      const notified = (await alertRows().findMany({
        where: { code: { $in: over.map((alert) => alert.code) } },
        select: ['code', 'notifiedAt'],
      })) as Array<{ code: string; notifiedAt: string | Date | null }>;
      for (const alert of over) {
        const row = notified.find((entry) => entry.code === alert.code);
        alert.notifiedAt = row?.notifiedAt ? toDate(row.notifiedAt).toISOString() : null;
      }
      return over;
    },

    /**
     * Looks at the active alerts and e-mails the errors address about those not e-mailed within
     * the window (once for all instances). Failures are logged; a failed e-mail is released so a
     * later check tries again.
     */
    async check(now = new Date()): Promise<void> {
      const { deliveryAlerts, notifications } = config();
      if (!deliveryAlerts.enabled) return;
      const alerts = await service.active(now);
      if (alerts.length === 0) return;
      strapi.log.warn(
        `[grupozap] delivery alert: ${alerts.map((alert) => `${alert.code} ×${alert.count}`).join(', ')} in the last ${deliveryAlerts.windowMinutes} min`
      );
      if (!notifications.errorsEmail) return;

      const claimed: DeliveryAlert[] = [];
      for (const alert of alerts) {
        if (await claim(alert.code, now, deliveryAlerts.windowMinutes)) claimed.push(alert);
      }
      if (claimed.length === 0) return;

      const notificationsService = getService(strapi, 'notifications');
      const settings = await getService(strapi, 'settings').current();
      const content = renderAlertEmail(
        claimed.map((alert) => ({ ...alert, firstSeenAt: new Date(alert.firstSeenAt), lastSeenAt: new Date(alert.lastSeenAt) })),
        {
          windowMinutes: deliveryAlerts.windowMinutes,
          deliveriesUrl: `${await notificationsService.adminPluginUrl()}/deliveries`,
          timeZone: settings.zonelessTimezone,
        }
      );
      // in the background: a slow or failing mail server must not hold the next check
      void notificationsService.send({ ...content, to: notifications.errorsEmail }, 'delivery alert').then(async (result) => {
        if (result !== 'failed') return;
        await release(claimed.map((alert) => alert.code)).catch((error: Error) =>
          strapi.log.error(`[grupozap] delivery alert: claim not released: ${error.message}`)
        );
      });
    },

    /**
     * Called after a refusal is written to the log: schedules a check in this process, a
     * second after the refusal and at most once per `checkIntervalSeconds`. Returns at once.
     */
    noteRefusal(): void {
      const { deliveryAlerts } = config();
      if (stopped || timer || !deliveryAlerts.enabled) return;
      const waitMs = Math.max(FIRST_CHECK_DELAY_MS, lastCheckAt + deliveryAlerts.checkIntervalSeconds * 1000 - Date.now());
      timer = setTimeout(() => {
        timer = null;
        if (stopped) return;
        if (running) {
          // a check is under way: look again once it is done
          void running.then(() => service.noteRefusal());
          return;
        }
        lastCheckAt = Date.now();
        running = service
          .check()
          .catch((error: Error) => {
            strapi.log.error(`[grupozap] delivery alert check failed: ${error.message}`);
          })
          .finally(() => {
            running = null;
          });
      }, waitMs);
      timer.unref();
    },

    /** Strapi is shutting down: no more checks from this process. */
    async stop(): Promise<void> {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
      await running;
    },
  };
  return service;
};
