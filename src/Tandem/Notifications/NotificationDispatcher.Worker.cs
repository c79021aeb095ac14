using System.Threading.Channels;

namespace Tandem.Notifications;

/// <summary>One notifier's queue and the loop that drains it.</summary>
public sealed partial class NotificationDispatcher
{
    sealed class Worker
    {
        readonly NotificationDispatcher owner;
        readonly INotifier notifier;
        readonly Channel<NotificationEvent> queue;
        readonly object gate = new();
        TaskCompletionSource idle = Completed();
        int pending;
        long sent, failed, dropped;

        public Worker(NotificationDispatcher owner, INotifier notifier, int capacity)
        {
            this.owner = owner;
            this.notifier = notifier;
            Name = notifier.Name;
            queue = Channel.CreateBounded<NotificationEvent>(
                new BoundedChannelOptions(capacity) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true },
                OnDropped);
        }

        public string Name { get; }

        public Task Running { get; private set; } = Task.CompletedTask;

        public Task Idle
        {
            get { lock (gate) return idle.Task; }
        }

        public NotifierCounters Counters => new(Name, Interlocked.Read(ref sent), Interlocked.Read(ref failed), Interlocked.Read(ref dropped));

        public void Start() => Running = Task.Run(RunAsync);

        public void Complete() => queue.Writer.TryComplete();

        public void Enqueue(NotificationEvent e)
        {
            lock (gate)
            {
                if (pending++ == 0)
                    idle = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            }
            if (!queue.Writer.TryWrite(e))
            {
                owner.log.NotSentAtShutdown(Name, e.Text);
                Done();
            }
        }

        void OnDropped(NotificationEvent e)
        {
            Interlocked.Increment(ref dropped);
            owner.log.Dropped(Name, e.Text);
            Done();
        }

        void Done()
        {
            lock (gate)
            {
                if (--pending == 0)
                    idle.TrySetResult();
            }
        }

        async Task RunAsync()
        {
            await foreach (var e in queue.Reader.ReadAllAsync())
            {
                if (owner.shutdown.IsCancellationRequested)
                    owner.log.NotSentAtShutdown(Name, e.Text);
                else
                    await DeliverAsync(e);
                Done();
            }
        }

        async Task DeliverAsync(NotificationEvent e)
        {
            using var deadline = new CancellationTokenSource(owner.timeout, owner.time);
            using var linked = CancellationTokenSource.CreateLinkedTokenSource(deadline.Token, owner.shutdown.Token);
            Task send = Task.CompletedTask;
            try
            {
                send = notifier.SendAsync(e, linked.Token);
                await send.WaitAsync(linked.Token);
                Interlocked.Increment(ref sent);
                owner.log.Sent(Name, e.KindName, e.Text);
            }
            catch (OperationCanceledException) when (owner.shutdown.IsCancellationRequested && !deadline.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                owner.log.NotSentAtShutdown(Name, e.Text);
            }
            catch (Exception) when (deadline.IsCancellationRequested)
            {
                Interlocked.Increment(ref failed);
                owner.log.SendTimedOut(Name, Config.Duration.Format(owner.timeout), e.Text);
            }
            catch (Exception x)
            {
                Interlocked.Increment(ref failed);
                owner.log.SendFailed(Name, e.Text, Describe(x));
            }
            if (!send.IsCompleted)
                _ = send.ContinueWith(t => _ = t.Exception, CancellationToken.None, TaskContinuationOptions.OnlyOnFaulted, TaskScheduler.Default);
        }

        static TaskCompletionSource Completed()
        {
            var t = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            t.SetResult();
            return t;
        }

        /// <summary>The message and, when it adds something, the innermost cause ("connection refused").</summary>
        static string Describe(Exception x)
        {
            var inner = x;
            while (inner.InnerException is not null)
                inner = inner.InnerException;
            return inner == x || x.Message.Contains(inner.Message, StringComparison.Ordinal) ? x.Message : $"{x.Message} ({inner.Message})";
        }
    }
}
