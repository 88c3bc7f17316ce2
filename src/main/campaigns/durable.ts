// "submitting" must be on disk before a request leaves. A synchronous=FULL commit costs
// an fsync (≈0.25 ms here), so the marks of every worker ready in the same event-loop
// turn share one commit: each request still waits for its own mark to be durable, and
// under load the fsyncs amortise. (A crash can then leave no mark lost: each caller only
// sends after the commit that holds its mark has returned.)
import type { JournalQueries } from '../db/journal';
import type { Db } from '../db/open';

interface Pending {
  submissionId: number;
  resolve: (marked: boolean) => void;
  reject: (err: unknown) => void;
}

export class SubmittingMarks {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly db: Db,
    private readonly journal: JournalQueries,
    private readonly now: () => Date,
  ) {}

  /** Resolves once the submission is durably 'submitting' (false: it was no longer planned). */
  mark(submissionId: number): Promise<boolean> {
    return new Promise((resolve, reject) => {
      this.pending.push({ submissionId, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const at = this.now().toISOString();
    let results: boolean[];
    this.db.pragma('synchronous = FULL');
    try {
      results = this.db.transaction(() => batch.map((p) => this.journal.markSubmitting(p.submissionId, at)))();
    } catch (err) {
      batch.forEach((p) => p.reject(err));
      return;
    } finally {
      this.db.pragma('synchronous = NORMAL');
    }
    batch.forEach((p, i) => p.resolve(results[i]));
  }
}
