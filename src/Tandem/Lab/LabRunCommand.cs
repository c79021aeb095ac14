using System.Runtime.InteropServices;
using System.Text.Json;
using Tandem.Logging;

namespace Tandem.Lab;

/// <summary>
/// <c>tandem lab run SCENARIO...|all [--json]</c>: the scenarios one after another, each in a lab of its own; progress on stderr, the summary table (or the JSON report with
/// --json) on stdout. SIGINT/SIGTERM stop the run and tear the lab down before exiting.
/// </summary>
public static partial class LabRunCommand
{
    public static int Run(IReadOnlyList<string> args)
    {
        var json = args.Contains("--json");
        var words = args.Where(a => a != "--json").ToList();
        if (words.FirstOrDefault(w => w.StartsWith('-')) is { } bad)
            throw new LabUsageException($"unknown option {bad}");
        if (words.Count == 0)
            throw new LabUsageException("lab run needs a scenario name or 'all' (see tandem lab list)");
        if (words.Contains("all") && words.Count > 1)
            throw new LabUsageException("lab run takes 'all' alone, or scenario names");
        IReadOnlyList<ScenarioDefinition> scenarios = words[0] == "all" ? ScenarioCatalog.All
            : [.. words.Select(w => ScenarioCatalog.Find(w) ?? throw new LabUsageException($"no scenario named '{w}'; tandem lab list names them"))];
        if (GetEuid() != 0)
        {
            Console.Error.WriteLine("tandem: the lab creates network namespaces, loop devices and mounts; run it as root (sudo tandem lab run ...)");
            return 1;
        }

        using var stop = new CancellationTokenSource();
        // The first SIGINT/SIGTERM stops the run and tears the lab down; a second one ends the program at once
        // (the lab it leaves is removed as stale by the next run).
        void Interrupt(PosixSignalContext c)
        {
            c.Cancel = !stop.IsCancellationRequested;
            stop.Cancel();
        }
        using var intr = PosixSignalRegistration.Create(PosixSignal.SIGINT, Interrupt);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, Interrupt);
        using var logs = LoggingSetup.Create(Microsoft.Extensions.Logging.LogLevel.Warning);
        var progress = new LabProgress(Console.Error);
        var runner = new ScenarioRunner(progress, logs.CreateLogger("Tandem.Lab"));
        var results = new List<ScenarioResult>();
        foreach (var s in scenarios)
        {
            if (stop.IsCancellationRequested)
                break;
            results.Add(runner.Run(s, stop.Token));
        }
        if (json)
            Console.WriteLine(scenarios.Count == 1 && results.Count == 1
                ? JsonSerializer.Serialize(results[0], LabJson.Options)
                : JsonSerializer.Serialize(results, LabJson.Options));
        else
            Console.Write(SummaryTable.Render(results));
        return results.Count == scenarios.Count && results.All(r => r.Ok) ? 0 : 1;
    }

    [LibraryImport("libc", EntryPoint = "geteuid")]
    private static partial uint GetEuid();
}
