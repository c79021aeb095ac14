using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>What one <c>sysbench oltp_write_only run</c> reported.</summary>
sealed record SysbenchResult(double Tps, double Qps, double AvgMs, double P95Ms, double MaxMs, long Transactions, long Errors, long Reconnects);

/// <summary>sysbench's oltp_write_only against one server, over its unix socket as root.</summary>
static partial class Sysbench
{
    static string[] Common(SysbenchOptions o, MariaDbServer server) =>
    [
        "oltp_write_only", "--db-driver=mysql", $"--mysql-socket={server.Socket}", "--mysql-user=root", "--mysql-db=sbtest",
        $"--tables={o.Tables}", $"--table-size={o.TableSize}",
    ];

    /// <summary>The commands as the report prints them.</summary>
    public static string[] Describe(SysbenchOptions o) =>
    [
        $"sysbench oltp_write_only --db-driver=mysql --mysql-socket=SOCKET --mysql-user=root --mysql-db=sbtest --tables={o.Tables} --table-size={o.TableSize} --threads={o.Threads} prepare",
        $"sysbench oltp_write_only --db-driver=mysql --mysql-socket=SOCKET --mysql-user=root --mysql-db=sbtest --tables={o.Tables} --table-size={o.TableSize} --threads={o.Threads} --time={o.Seconds} --percentile=95 --report-interval=0 run",
    ];

    public static void Prepare(SysbenchOptions o, MariaDbServer server)
    {
        var (file, args) = Placement.On("alpha", "sysbench", [.. Common(o, server), $"--threads={o.Threads}", "prepare"]);
        Proc.Ok(file, args, null);
    }

    public static SysbenchResult Run(SysbenchOptions o, MariaDbServer server)
    {
        var (file, args) = Placement.On("alpha", "sysbench",
            [.. Common(o, server), $"--threads={o.Threads}", $"--time={o.Seconds}", "--percentile=95", "--report-interval=0", "run"]);
        return Parse(Proc.Ok(file, args, null));
    }

    /// <summary>The figures from sysbench 1.0's report ("transactions: N (X per sec.)", "Latency (ms): avg / 95th percentile").</summary>
    public static SysbenchResult Parse(string output)
    {
        Match Need(Regex r, string what) => r.Match(output) is { Success: true } m ? m
            : throw new InvalidOperationException($"sysbench's output has no {what}: {output}");
        double D(Match m, int g) => double.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        long L(Match m, int g) => long.Parse(m.Groups[g].Value, CultureInfo.InvariantCulture);
        var tx = Need(Transactions(), "transactions line");
        var q = Need(Queries(), "queries line");
        var errors = Need(Errors(), "ignored errors line");
        var reconnects = Need(Reconnects(), "reconnects line");
        return new SysbenchResult(D(tx, 2), D(q, 1), D(Need(Avg(), "avg latency"), 1), D(Need(P95(), "95th percentile"), 1),
            D(Need(Max(), "max latency"), 1), L(tx, 1), L(errors, 1), L(reconnects, 1));
    }

    [GeneratedRegex(@"transactions:\s+(\d+)\s+\(([0-9.]+) per sec\.\)")]
    private static partial Regex Transactions();

    [GeneratedRegex(@"queries:\s+\d+\s+\(([0-9.]+) per sec\.\)")]
    private static partial Regex Queries();

    [GeneratedRegex(@"ignored errors:\s+(\d+)")]
    private static partial Regex Errors();

    [GeneratedRegex(@"reconnects:\s+(\d+)")]
    private static partial Regex Reconnects();

    [GeneratedRegex(@"avg:\s+([0-9.]+)")]
    private static partial Regex Avg();

    [GeneratedRegex(@"max:\s+([0-9.]+)")]
    private static partial Regex Max();

    [GeneratedRegex(@"95th percentile:\s+([0-9.]+)")]
    private static partial Regex P95();
}
