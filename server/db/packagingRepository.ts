import type { Prisma, PrismaClient } from './generated/client.js';

/**
 * Where a recording's packaging stands (the `package*` columns of Recording):
 * - waiting: to do, from `retryAt` on when an attempt failed;
 * - running: a process has it and renews `heartbeatAt`;
 * - done: the files are written;
 * - failed: gave up after the last attempt (an organiser may retry);
 * - skipped: nothing was recorded.
 */
export type PackageStateName = 'waiting' | 'running' | 'done' | 'failed' | 'skipped';

/**
 * Proof that this process holds a job: the heartbeat it last wrote. Every
 * write is conditional on it, so a process that lost its job (it stalled,
 * another took the job over) can no longer touch the row.
 */
export interface PackagingLease {
  recordingId: string;
  heartbeatAt: number;
}

/** A job this process claimed. */
export interface PackagingJob {
  recordingId: string;
  /** Failed attempts so far. */
  attempts: number;
  /** endedAt − startedAt of the recording, when both are known. */
  recordingDurationMs: number | null;
  lease: PackagingLease;
}

/** What organisers see of a recording's packaging. */
export interface PackagingStatus {
  state: PackageStateName;
  /** 0..1. */
  progress: number;
  attempts: number;
  error: string | null;
  retryAt: number | null;
}

/** The package files, relative to the recording's directory, and how long the session lasts. */
export interface PackagedFiles {
  durationMs: number;
  videoFile: string;
  audioFile: string;
  thumbnailFile: string;
}

/** The packaging jobs, kept in the Recording rows (see recording/packaging/packagingQueue.ts). */
export interface PackagingRepository {
  /** Recordings that failed before writing anything have nothing to package: marks them skipped. */
  skipFailedRecordings(): Promise<number>;
  /**
   * Takes one job, atomically: a finished recording (complete or partial)
   * waiting to be packaged (its retry time, if any, passed), or one whose
   * packager has not renewed its heartbeat since `staleBefore` (it died).
   * Oldest first; null when there is none or another process won each race.
   */
  claimNext(now: number, staleBefore: number): Promise<PackagingJob | null>;
  /** Writes progress and renews the heartbeat; null when the job was lost. */
  renew(lease: PackagingLease, progress: number, now: number): Promise<PackagingLease | null>;
  /** The job is done; false when it was lost. */
  succeed(lease: PackagingLease, files: PackagedFiles): Promise<boolean>;
  /**
   * An attempt failed: counted, with a short reason; tried again from
   * `retryAt`, or given up (state failed) when it is null.
   */
  fail(lease: PackagingLease, failure: { attempts: number; error: string; retryAt: number | null }): Promise<boolean>;
  /** Gives the job back untouched (this process is shutting down): another takes it at once. */
  release(lease: PackagingLease): Promise<boolean>;
  /** There was nothing to package. */
  skip(lease: PackagingLease): Promise<boolean>;
  /** An organiser asks for a failed packaging to be tried again, from scratch; false unless it had failed. */
  retry(recordingId: string): Promise<boolean>;
  status(recordingId: string): Promise<PackagingStatus | null>;
}

const FINISHED_RECORDINGS = ['complete', 'partial'];
/** How many candidates one claim tries before giving up for this round (others won the rest). */
const CLAIM_CANDIDATES = 5;

export function createPackagingRepository(prisma: PrismaClient): PackagingRepository {
  /** Updates the row only while `lease` still holds it; true when it did. */
  const whileHeld = async (lease: PackagingLease, data: Prisma.RecordingUpdateManyMutationInput) => {
    const { count } = await prisma.recording.updateMany({
      where: { id: lease.recordingId, packageState: 'running', packageHeartbeatAt: new Date(lease.heartbeatAt) },
      data,
    });
    return count === 1;
  };

  return {
    async skipFailedRecordings() {
      const { count } = await prisma.recording.updateMany({
        where: { state: 'failed', packageState: 'waiting' },
        data: { packageState: 'skipped', packageProgress: 0 },
      });
      return count;
    },

    async claimNext(now, staleBefore) {
      const candidates = await prisma.recording.findMany({
        where: {
          state: { in: FINISHED_RECORDINGS },
          OR: [
            { packageState: 'waiting', OR: [{ packageRetryAt: null }, { packageRetryAt: { lte: new Date(now) } }] },
            { packageState: 'running', OR: [{ packageHeartbeatAt: null }, { packageHeartbeatAt: { lt: new Date(staleBefore) } }] },
          ],
        },
        orderBy: [{ endedAt: 'asc' }, { id: 'asc' }],
        take: CLAIM_CANDIDATES,
        select: { id: true, packageState: true, packageHeartbeatAt: true, packageAttempts: true, startedAt: true, endedAt: true },
      });
      for (const candidate of candidates) {
        // Compare-and-set on what was read: of two processes reading the same
        // row, PostgreSQL lets the second update see the first one's write,
        // which no longer matches, so only one takes the job.
        const claimedAt = new Date(now);
        const { count } = await prisma.recording.updateMany({
          where: {
            id: candidate.id,
            packageState: candidate.packageState,
            packageHeartbeatAt: candidate.packageHeartbeatAt,
            packageAttempts: candidate.packageAttempts,
          },
          data: { packageState: 'running', packageHeartbeatAt: claimedAt, packageProgress: 0 },
        });
        if (count !== 1) continue;
        const { startedAt, endedAt } = candidate;
        return {
          recordingId: candidate.id,
          attempts: candidate.packageAttempts,
          recordingDurationMs: startedAt && endedAt ? Math.max(0, endedAt.getTime() - startedAt.getTime()) : null,
          lease: { recordingId: candidate.id, heartbeatAt: claimedAt.getTime() },
        };
      }
      return null;
    },

    async renew(lease, progress, now) {
      // The new heartbeat must differ from the old to be a new token.
      const heartbeatAt = Math.max(now, lease.heartbeatAt + 1);
      const isHeld = await whileHeld(lease, { packageProgress: clamp(progress), packageHeartbeatAt: new Date(heartbeatAt) });
      return isHeld ? { recordingId: lease.recordingId, heartbeatAt } : null;
    },

    succeed(lease, files) {
      return whileHeld(lease, {
        packageState: 'done',
        packageProgress: 1,
        packageError: null,
        packageRetryAt: null,
        packageHeartbeatAt: null,
        ...files,
      });
    },

    fail(lease, { attempts, error, retryAt }) {
      return whileHeld(lease, {
        packageState: retryAt === null ? 'failed' : 'waiting',
        packageAttempts: attempts,
        packageError: error,
        packageRetryAt: retryAt === null ? null : new Date(retryAt),
        packageHeartbeatAt: null,
      });
    },

    release(lease) {
      return whileHeld(lease, { packageState: 'waiting', packageHeartbeatAt: null, packageRetryAt: null });
    },

    skip(lease) {
      return whileHeld(lease, { packageState: 'skipped', packageHeartbeatAt: null, packageProgress: 0 });
    },

    async retry(recordingId) {
      const { count } = await prisma.recording.updateMany({
        where: { id: recordingId, packageState: 'failed' },
        data: { packageState: 'waiting', packageAttempts: 0, packageError: null, packageRetryAt: null, packageProgress: 0, packageHeartbeatAt: null },
      });
      return count === 1;
    },

    async status(recordingId) {
      const row = await prisma.recording.findUnique({
        where: { id: recordingId },
        select: { packageState: true, packageProgress: true, packageAttempts: true, packageError: true, packageRetryAt: true },
      });
      if (!row) return null;
      return {
        state: row.packageState as PackageStateName,
        progress: row.packageProgress,
        attempts: row.packageAttempts,
        error: row.packageError,
        retryAt: row.packageRetryAt?.getTime() ?? null,
      };
    },
  };
}

function clamp(progress: number): number {
  return Math.min(1, Math.max(0, progress));
}
