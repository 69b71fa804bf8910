import * as React from 'react';
import { Box, Button, Flex, Grid, Link, Loader, Modal, Typography } from '@strapi/design-system';
import { Duplicate, Play } from '@strapi/icons';
import { useNotification } from '@strapi/strapi/admin';
import { useIntl } from 'react-intl';
import { NavLink } from 'react-router-dom';
import { styled } from 'styled-components';
import { useApiError } from '../../hooks/useApiError';
import { useCopyWithNotice } from '../../hooks/useCopyWithNotice';
import { useTranslate } from '../../hooks/useTranslate';
import { leadPath } from '../../paths';
import { useDeliveryQuery, useReplayDeliveryMutation } from '../../services/deliveries';
import { describeCode, isReplayable } from './labels';
import { OutcomeBadge } from './OutcomeBadge';

const RawBody = styled.pre`
  margin: 0;
  max-height: 40vh;
  overflow: auto;
  white-space: pre-wrap;
  word-break: break-all;
  font-family: 'SFMono-Regular', Consolas, 'Liberation Mono', Menlo, monospace;
  font-size: 1.2rem;
  line-height: 1.6rem;
  color: ${({ theme }) => theme.colors.neutral800};
`;

/** The body pretty-printed when it is JSON, else exactly as received. */
const formatBody = (body: string): string => {
  try {
    return JSON.stringify(JSON.parse(body), null, 2);
  } catch {
    return body;
  }
};

const Fact = ({ label, children }: { label: string; children: React.ReactNode }) => (
  <Flex direction="column" alignItems="stretch" gap={1}>
    <Typography variant="sigma" textColor="neutral600">
      {label}
    </Typography>
    <Typography textColor="neutral800" style={{ overflowWrap: 'anywhere' }}>
      {children === null || children === undefined || children === '' ? '—' : children}
    </Typography>
  </Flex>
);

interface DeliveryModalProps {
  documentId: string;
  canReplay: boolean;
  /** Closes the modal; a stable function (it is also called when the delivery cannot be read). */
  onClose(): void;
  /** After a replay, whatever it answered: the list has a new row. */
  onReplayed(): void;
}

/** One delivery of the log: what it was answered, what it sent, and a replay when it was refused. */
export const DeliveryModal = ({ documentId, canReplay, onClose, onReplayed }: DeliveryModalProps) => {
  const { formatDate } = useIntl();
  const t = useTranslate('deliveries');
  const { toggleNotification } = useNotification();
  const { notifyError } = useApiError();
  const copyWithNotice = useCopyWithNotice();
  const { data: delivery = null, error } = useDeliveryQuery(documentId, { refetchOnMountOrArgChange: true });
  const [replayDelivery, { isLoading: replaying }] = useReplayDeliveryMutation();

  // a delivery that cannot be read: said, and the modal closed
  React.useEffect(() => {
    if (!error) return;
    notifyError(error, t('detail.failed', 'The delivery could not be loaded.'));
    onClose();
  }, [error, notifyError, onClose, t]);

  const when = (iso: string) => formatDate(iso, { dateStyle: 'medium', timeStyle: 'medium' });
  const title = delivery
    ? t('detail.title', 'Delivery of {time}', { time: when(delivery.receivedAt) })
    : t('detail.loading', 'Delivery');

  const replay = async () => {
    const answer = await replayDelivery(documentId);
    if ('error' in answer) {
      notifyError(answer.error, t('replay.failed', 'The delivery could not be replayed.'));
      return;
    }
    const { status, code } = answer.data;
    const accepted = status >= 200 && status < 300;
    toggleNotification({
      type: accepted ? 'success' : 'warning',
      title: accepted ? t('replay.accepted', 'Replayed: accepted') : t('replay.refused', 'Replayed: refused again'),
      message: t('replay.result', '{status} {code}: {description}', {
        status,
        code,
        description: describeCode(t, code) ?? '',
      }),
    });
    onReplayed();
  };

  const copyBody = async () => {
    if (!delivery?.body) return;
    await copyWithNotice(delivery.body, t('detail.body.copied', 'Body copied to the clipboard'));
  };

  /** Why there is no body to show, or why it cannot be replayed. */
  const bodyNote = (): string | null => {
    if (!delivery) return null;
    if (delivery.anonymizedAt) {
      return t('detail.body.anonymized', 'Erased on {date} (privacy retention or an erasure request).', {
        date: when(delivery.anonymizedAt),
      });
    }
    if (delivery.body === null)
      return t('detail.body.notKept', 'Not kept: bodies of senders who were not authenticated are not stored.');
    if (delivery.bodyTruncated) return t('detail.body.truncated', 'Only the first 64 KiB were kept, so it cannot be replayed.');
    return null;
  };

  const replayable = delivery !== null && isReplayable(delivery.outcome) && delivery.body !== null && !delivery.bodyTruncated;
  const note = bodyNote();

  return (
    <Modal.Root defaultOpen onOpenChange={(open: boolean) => !open && onClose()}>
      <Modal.Content>
        <Modal.Header closeLabel={t('detail.close', 'Close')}>
          <Modal.Title>{title}</Modal.Title>
        </Modal.Header>
        <Modal.Body>
          {!delivery ? (
            <Flex padding={7} justifyContent="center">
              <Loader>{t('detail.loading', 'Delivery')}</Loader>
            </Flex>
          ) : (
            <Flex direction="column" alignItems="stretch" gap={4}>
              <Flex gap={2} wrap="wrap">
                <OutcomeBadge outcome={delivery.outcome} />
                <Typography fontWeight="bold" textColor="neutral800" data-testid="delivery-answer">
                  {`${delivery.httpStatus} ${delivery.code}`}
                </Typography>
                {describeCode(t, delivery.code) && (
                  <Typography textColor="neutral600">{describeCode(t, delivery.code)}</Typography>
                )}
              </Flex>
              <Grid.Root gap={4} background="neutral100" hasRadius padding={4}>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('column.advertiserKey', 'Advertiser key')}>{delivery.advertiserKey}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('detail.originLeadId', 'originLeadId')}>{delivery.originLeadId}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('detail.request', 'Request')}>{[delivery.method, delivery.path].filter(Boolean).join(' ')}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('column.ip', 'IP')}>{delivery.ip}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('detail.userAgent', 'User agent')}>{delivery.userAgent}</Fact>
                </Grid.Item>
                <Grid.Item col={6} s={12} direction="column" alignItems="stretch">
                  <Fact label={t('detail.timing', 'Duration and size')}>
                    {t('detail.timingValue', '{ms} ms, {bytes} bytes', {
                      ms: delivery.durationMs ?? 0,
                      bytes: delivery.bodyBytes ?? 0,
                    })}
                  </Fact>
                </Grid.Item>
                <Grid.Item col={12} direction="column" alignItems="stretch">
                  <Fact label={t('detail.lead', 'Lead')}>
                    {delivery.lead ? (
                      <Link tag={NavLink} to={leadPath(delivery.lead.documentId)}>
                        {delivery.lead.name || delivery.lead.originLeadId}
                      </Link>
                    ) : (
                      t('detail.noLead', 'None: this delivery stored no lead.')
                    )}
                  </Fact>
                </Grid.Item>
              </Grid.Root>
              <Flex direction="column" alignItems="stretch" gap={2}>
                <Flex justifyContent="space-between" alignItems="center">
                  <Typography variant="delta" tag="h3" id="delivery-body-title">
                    {t('detail.body', 'Raw body')}
                  </Typography>
                  {delivery.body && (
                    <Button variant="tertiary" size="S" startIcon={<Duplicate />} onClick={copyBody}>
                      {t('detail.body.copy', 'Copy the body')}
                    </Button>
                  )}
                </Flex>
                {note && <Typography textColor="neutral600">{note}</Typography>}
                {delivery.body && (
                  <Box background="neutral100" hasRadius padding={4} borderColor="neutral200">
                    <RawBody aria-labelledby="delivery-body-title" data-testid="delivery-body" tabIndex={0}>
                      {formatBody(delivery.body)}
                    </RawBody>
                  </Box>
                )}
              </Flex>
              {replayable && (
                <Typography textColor="neutral600">
                  {canReplay
                    ? t(
                        'replay.hint',
                        'Fixed its cause (created the advertiser, the listing, set the secret)? Replay runs this body through the route again, as if the portal sent it now; a lead already stored is only counted.'
                      )
                    : t('replay.noPermission', 'Replaying needs the “Replay a refused delivery” permission.')}
                </Typography>
              )}
            </Flex>
          )}
        </Modal.Body>
        <Modal.Footer>
          <Modal.Close>
            <Button variant="tertiary">{t('detail.close', 'Close')}</Button>
          </Modal.Close>
          {canReplay && replayable && (
            <Button startIcon={<Play />} loading={replaying} onClick={replay}>
              {t('replay.button', 'Replay')}
            </Button>
          )}
        </Modal.Footer>
      </Modal.Content>
    </Modal.Root>
  );
};
