using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace Tandem.Bench;

/// <summary>
/// One fio job's figures. fio reports the write and the fdatasync after it separately; at queue
/// depth 1 one write+fdatasync cycle takes 1/IOPS on average, which is the latency the targets use.
/// </summary>
sealed record SyncFioResult(double Iops, double MiBs, double WriteP50Us, double WriteP99Us, double SyncP50Us, double SyncP99Us,
    long WrittenBytes, long Writes)
{
    public double CycleUs => Iops > 0 ? 1e6 / Iops : 0;
}

/// <summary>The workloads of the replication benchmark: fio on /dev/tandem/NAME, dd on the backing files' filesystem.</summary>
static partial class ReplicationFio
{
    /// <summary>4 KiB random writes, each followed by fdatasync, queue depth 1: a database's commit path.</summary>
    public static SyncFioResult RandSync4K(string device, long size, int seconds) => Run(device,
        "--name=rand4k", "--rw=randwrite", "--bs=4k", "--ioengine=psync", "--iodepth=1", "--fdatasync=1", "--direct=1",
        $"--size={size}", $"--runtime={seconds}", "--time_based");

    /// <summary>1 MiB sequential writes, direct, 8 in flight, fsync at the end: bulk load.</summary>
    public static SyncFioResult Sequential1M(string device, long size, int seconds) => Run(device,
        "--name=seq1m", "--rw=write", "--bs=1M", "--ioengine=libaio", "--iodepth=8", "--direct=1",
        $"--size={size}", $"--runtime={seconds}", "--time_based", "--end_fsync=1");

    /// <summary>Writes <paramref name="bytes"/> from <paramref name="offset"/> once (1 MiB direct writes, fsync at the end).</summary>
    public static SyncFioResult Fill(string device, long offset, long bytes) => Run(device,
        "--name=fill", "--rw=write", "--bs=1M", "--ioengine=libaio", "--iodepth=8", "--direct=1",
        $"--offset={offset}", $"--size={bytes}", "--end_fsync=1");

    public static string[] Describe() =>
    [
        "fio --name=rand4k --rw=randwrite --bs=4k --ioengine=psync --iodepth=1 --fdatasync=1 --direct=1 --size=VOLUME --runtime=S --time_based",
        "fio --name=seq1m --rw=write --bs=1M --ioengine=libaio --iodepth=8 --direct=1 --size=VOLUME --runtime=S --time_based --end_fsync=1",
    ];

    /// <summary>
    /// Fills the first <paramref name="bytes"/> of a backing file with fio's (non-zero, incompressible) data through
    /// the page cache, fsync at the end: a disk that holds data, which stays cached as a busy server's would.
    /// </summary>
    public static SyncFioResult FillFile(string path, long bytes) => Run(path,
        "--name=data", "--rw=write", "--bs=1M", "--ioengine=psync", $"--size={bytes}", "--end_fsync=1");

    static SyncFioResult Run(string device, params string[] job)
    {
        var (file, args) = Placement.On("alpha", "fio", [$"--filename={device}", "--output-format=json", .. job]);
        var json = Proc.Ok(file, args);
        using var doc = JsonDocument.Parse(json[json.IndexOf('{')..]);
        var j = doc.RootElement.GetProperty("jobs")[0];
        var w = j.GetProperty("write");
        var clat = w.GetProperty("clat_ns");
        var sync = j.TryGetProperty("sync", out var s) && s.TryGetProperty("lat_ns", out var sl) ? sl : (JsonElement?)null;
        return new SyncFioResult(
            w.GetProperty("iops").GetDouble(),
            w.GetProperty("bw_bytes").GetDouble() / (1 << 20),
            Percentile(clat, "50.000000"), Percentile(clat, "99.000000"),
            sync is { } y ? Percentile(y, "50.000000") : 0, sync is { } z ? Percentile(z, "99.000000") : 0,
            w.GetProperty("io_bytes").GetInt64(), w.GetProperty("total_ios").GetInt64());
    }

    static double Percentile(JsonElement lat, string which) =>
        lat.TryGetProperty("percentile", out var p) && p.TryGetProperty(which, out var v) ? v.GetDouble() / 1000 : 0;

    /// <summary>
    /// The disk's own sequential write speed: dd of <paramref name="bytes"/> zeros in 1 MiB direct writes
    /// into a fresh file, fdatasync at the end (dd's time includes it). Returns seconds.
    /// </summary>
    public static double DiskWrite(string file, long bytes)
    {
        File.Delete(file);
        try
        {
            var r = Proc.Run("dd", ["if=/dev/zero", $"of={file}", "bs=1M", $"count={bytes >> 20}", "oflag=direct", "conv=fdatasync"],
                new Dictionary<string, string> { ["LC_ALL"] = "C" });
            var m = DdSeconds().Match(r.Err);
            if (r.Exit != 0 || !m.Success)
                throw new InvalidOperationException($"dd to {file} failed: {r}");
            return double.Parse(m.Groups[1].Value, CultureInfo.InvariantCulture);
        }
        finally { File.Delete(file); }
    }

    public static string DescribeDisk(long bytes) =>
        $"dd if=/dev/zero of=FILE bs=1M count={bytes >> 20} oflag=direct conv=fdatasync (fresh file next to the backing files)";

    [GeneratedRegex(@"copied, ([0-9.]+) s")]
    private static partial Regex DdSeconds();
}
