using System.Runtime.InteropServices;

namespace Tandem.Bench;

/// <summary>
/// Everything the benchmark must undo (daemons, devices, directories), newest first. The normal path
/// disposes through here; Ctrl-C, SIGTERM and SIGHUP end the running child programs and then undo
/// what is left, so an interrupted run leaves no daemon, loop device, FUSE mount or /dev/tandem link.
/// </summary>
static class Cleanup
{
    static readonly object Gate = new();
    static readonly List<IDisposable> Items = [];
    static readonly List<PosixSignalRegistration> Signals = [];

    public static void InstallSignalHandlers()
    {
        foreach (var signal in new[] { PosixSignal.SIGINT, PosixSignal.SIGTERM, PosixSignal.SIGHUP })
            Signals.Add(PosixSignalRegistration.Create(signal, OnSignal));
    }

    /// <summary>True once a signal asked the benchmark to stop: failures from then on are not worth keeping logs for.</summary>
    public static bool Interrupted { get; private set; }

    static void OnSignal(PosixSignalContext context)
    {
        context.Cancel = true;
        Interrupted = true;
        Console.Error.WriteLine($"{context.Signal}: stopping the benchmark and cleaning up");
        Proc.KillRunning();
        DisposeAll();
        Environment.Exit(130);
    }

    /// <summary>
    /// The start of a run that makes volumes: placement set, Ctrl-C cleans up, and a fresh work directory
    /// <c>PARENT/tandem-bench-KIND.XXXXXXXX</c> that is removed at the end.
    /// </summary>
    public static string BeginRun(string parent, string kind, string cpus, string? peerDir)
    {
        Placement.Cpus = cpus;
        Placement.PeerDir = peerDir;
        InstallSignalHandlers();
        var work = Path.Combine(parent, $"tandem-bench-{kind}." + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(work);
        Track(new TempDirectory(work));
        return work;
    }

    public static T Track<T>(T item) where T : IDisposable
    {
        lock (Gate)
        {
            if (Interrupted)
            {
                item.Dispose();
                throw new OperationCanceledException("the benchmark was interrupted");
            }
            Items.Add(item);
        }
        return item;
    }

    /// <summary>Dispose one tracked item (once, whichever of the normal path and a signal comes first).</summary>
    public static void Dispose(IDisposable? item)
    {
        if (item is null)
            return;
        lock (Gate)
        {
            if (!Items.Remove(item))
                return;
            Safely(item);
        }
    }

    public static void DisposeAll()
    {
        lock (Gate)
        {
            for (int i = Items.Count - 1; i >= 0; i--)
                Safely(Items[i]);
            Items.Clear();
        }
    }

    static void Safely(IDisposable item)
    {
        try { item.Dispose(); }
        catch (Exception e) { Console.Error.WriteLine($"cleanup of {item}: {e.Message}"); }
    }
}
