// Services that commit work for a background job (a delivery, a monitor action) write it to the
// database first, then nudge pg-boss through this sender when the process has one. The process
// that starts pg-boss registers it; globalThis because Next.js bundles instrumentation and routes
// apart. Without a sender (a web process whose worker runs elsewhere) nothing is lost: the
// `dispatch-notifications` schedule picks up pending deliveries within a minute.

export type JobSender = (name: string, data: Record<string, unknown>, options?: { singletonKey?: string }) => Promise<void>;

const holder = globalThis as unknown as { vigilJobSender?: JobSender };

export function setJobSender(sender: JobSender | undefined): void {
  holder.vigilJobSender = sender;
}

/** True when the job was handed to pg-boss; false when no sender is registered in this process. */
export async function sendJob(name: string, data: Record<string, unknown>, options?: { singletonKey?: string }): Promise<boolean> {
  const sender = holder.vigilJobSender;
  if (!sender) return false;
  try {
    await sender(name, data, options);
    return true;
  } catch (error) {
    console.error(`[vigil] could not queue ${name}; the schedule will pick it up`, error);
    return false;
  }
}
