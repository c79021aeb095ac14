using System.Globalization;
using System.Text.Json;

namespace Tandem.Bench;

/// <summary>One fio job's figures.</summary>
sealed record FioResult(double Iops, double BandwidthMiBs, double MeanLatencyUs, double P99LatencyUs);

/// <summary>The two workloads of the NBD benchmark, run with fio against a block device.</summary>
static class Fio
{
    /// <summary>4 KiB sequential writes, each followed by fdatasync, queue depth 1: a database's commit path.</summary>
    public static FioResult SyncWrites4K(string device, int seconds) => Run(device,
        "--name=sync4k", "--rw=write", "--bs=4k", "--ioengine=psync", "--iodepth=1", "--fdatasync=1",
        "--direct=1", "--size=256M", $"--runtime={seconds}", "--time_based");

    /// <summary>1 MiB sequential writes, direct, a few in flight: bulk load and resync-like traffic.</summary>
    public static FioResult Sequential1M(string device, int seconds) => Run(device,
        "--name=seq1m", "--rw=write", "--bs=1M", "--ioengine=libaio", "--iodepth=8", "--direct=1",
        "--size=1G", $"--runtime={seconds}", "--time_based", "--end_fsync=1");

    public static string[] Describe() =>
    [
        "fio --name=sync4k --rw=write --bs=4k --ioengine=psync --iodepth=1 --fdatasync=1 --direct=1 --size=256M --time_based",
        "fio --name=seq1m --rw=write --bs=1M --ioengine=libaio --iodepth=8 --direct=1 --size=1G --time_based --end_fsync=1",
    ];

    static FioResult Run(string device, params string[] job)
    {
        var json = Shell.Run("fio", [$"--filename={device}", "--output-format=json", .. job]);
        using var doc = JsonDocument.Parse(json[json.IndexOf('{')..]);
        var w = doc.RootElement.GetProperty("jobs")[0].GetProperty("write");
        var clat = w.GetProperty("clat_ns");
        double p99 = clat.TryGetProperty("percentile", out var pct) ? pct.GetProperty("99.000000").GetDouble() : 0;
        var sync = doc.RootElement.GetProperty("jobs")[0].TryGetProperty("sync", out var s) && s.TryGetProperty("lat_ns", out var sl)
            ? sl.GetProperty("mean").GetDouble() : 0;
        return new FioResult(
            w.GetProperty("iops").GetDouble(),
            w.GetProperty("bw_bytes").GetDouble() / (1 << 20),
            (w.GetProperty("lat_ns").GetProperty("mean").GetDouble() + sync) / 1000,
            p99 / 1000);
    }

    public static string F(double v) => v.ToString("0.0", CultureInfo.InvariantCulture);
}
