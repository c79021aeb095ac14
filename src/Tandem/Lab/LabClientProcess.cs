using System.Diagnostics;
using System.Globalization;
using System.Text.Json;

namespace Tandem.Lab;

/// <summary>
/// The workload client and the checker, run in the client namespace as <c>tandem lab client</c> and
/// <c>tandem lab check</c> (a process of its own: a .NET process cannot move its socket-making threads into another
/// network namespace reliably, since setns applies to one thread only).
/// </summary>
public sealed class LabClientProcess(LabLayout layout, string tandem)
{
    Process? _client;

    public string Namespace => layout.Names.ClientNamespace;
    public int? Pid => _client is { HasExited: false } c ? c.Id : null;

    public void Start(string host, TimeSpan? interval = null)
    {
        if (Pid is not null)
            throw new LabException("the workload client already runs");
        var psi = new ProcessStartInfo("setsid") { UseShellExecute = false };
        foreach (var a in new[] { "ip", "netns", "exec", Namespace, "sh", "-c", "log=\"$1\"; shift; exec \"$@\" </dev/null >>\"$log\" 2>&1", "sh",
            layout.ClientLog, tandem, "lab", "client", "--host", host, "--journal", layout.CommitLog,
            "--interval-ms", ((int)(interval ?? TimeSpan.FromMilliseconds(20)).TotalMilliseconds).ToString(CultureInfo.InvariantCulture) })
            psi.ArgumentList.Add(a);
        _client = Process.Start(psi) ?? throw new LabException("cannot start the workload client");
    }

    /// <summary>SIGTERM; the client finishes the commit in flight and exits.</summary>
    public void Stop()
    {
        if (_client is null || _client.HasExited)
            return;
        NamespaceProcesses.Signal(_client.Id, NamespaceProcesses.SigTerm);
        if (!_client.WaitForExit(15_000))
        {
            NamespaceProcesses.Signal(_client.Id, NamespaceProcesses.SigKill);
            _client.WaitForExit(5_000);
        }
    }

    public CommitJournal Journal() => File.Exists(layout.CommitLog) ? CommitJournal.Read(layout.CommitLog) : new CommitJournal();

    /// <summary>Waits until the client has <paramref name="count"/> more acknowledged commits than <paramref name="from"/>.</summary>
    public CommitJournal WaitForAcks(int count, TimeSpan timeout, int from = 0, CancellationToken ct = default)
    {
        var sw = Stopwatch.StartNew();
        while (true)
        {
            var j = Journal();
            if (j.Acknowledged.Count >= from + count)
                return j;
            if (_client is { HasExited: true })
                throw new LabException($"the workload client exited (status {_client.ExitCode}); its log says: {LabNode.Tail(layout.ClientLog)}");
            if (sw.Elapsed > timeout)
                throw new LabException($"the workload client has {j.Acknowledged.Count - from} of {count} acknowledged commits after {timeout.TotalSeconds} s; last errors: {string.Join(" | ", j.Errors.TakeLast(3).Select(e => e.Text))}");
            ct.ThrowIfCancellationRequested();
            Thread.Sleep(100);
        }
    }

    /// <summary>Runs the checker in the client namespace against <paramref name="host"/>.</summary>
    public CommitCheck Check(string host, TimeSpan? wait = null)
    {
        var r = LabShell.Run("ip", ["netns", "exec", Namespace, tandem, "lab", "check", "--host", host, "--journal", layout.CommitLog,
            "--wait-s", ((int)(wait ?? TimeSpan.FromSeconds(60)).TotalSeconds).ToString(CultureInfo.InvariantCulture)], TimeSpan.FromMinutes(3));
        if (!r.Ok)
            throw new LabException($"the checker failed ({r.Reason})");
        return JsonSerializer.Deserialize<CommitCheck>(r.Out, LabJson.Options)
            ?? throw new LabException($"the checker printed no result: {r.Out}");
    }
}
