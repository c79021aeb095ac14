using System.Globalization;
using Tandem.Config;

namespace Tandem.Bench;

/// <summary>The replication benchmark's options (defaults keep a full run to a few minutes on 2 cores).</summary>
sealed record ReplicationOptions(
    string Tandem, int Rounds, int Seconds, long Size, long FioSize, long[] Dirty, string Away, string Parent, string OutDir, string[] Parts,
    string Cpus, string? PeerDir)
{
    public const string Usage =
        "usage: Tandem.Bench replication --tandem PATH_TO_TANDEM [--rounds 3] [--seconds 10] [--size 1GiB] [--fio-size 512MiB]\n" +
        "         [--dirty 16,64,256 (MiB)] [--away kill|disconnect] [--dir /tmp (filesystem of the backing files)]\n" +
        "         [--parts fio,fullsync,resync] [--out bench/results]\n" +
        "         [--cpus shared|split (split: alpha and fio on CPU 0, beta on CPU 1)] [--peer-dir DIR (beta's backing file elsewhere)]\n" +
        "         [--cpu-dma-latency US (idle CPUs poll: their wake-up latency held at US µs, as tuned's latency-performance does)]";

    public static ReplicationOptions Parse(string[] args)
    {
        string Opt(string name, string dflt) => Array.IndexOf(args, name) is var i and >= 0 && i + 1 < args.Length ? args[i + 1] : dflt;
        var o = new ReplicationOptions(
            Path.GetFullPath(Opt("--tandem", "artifacts/tandem/tandem")),
            int.Parse(Opt("--rounds", "3"), CultureInfo.InvariantCulture),
            int.Parse(Opt("--seconds", "10"), CultureInfo.InvariantCulture),
            ByteSize.Parse(Opt("--size", "1GiB")),
            ByteSize.Parse(Opt("--fio-size", "512MiB")),
            [.. Opt("--dirty", "16,64,256").Split(',').Select(d => ByteSize.Parse(d.All(char.IsAsciiDigit) ? d + "MiB" : d))],
            Opt("--away", "kill"),
            Path.GetFullPath(Opt("--dir", Path.GetTempPath())),
            Opt("--out", "bench/results"),
            Opt("--parts", "fio,fullsync,resync").Split(','),
            Opt("--cpus", "shared"),
            Array.IndexOf(args, "--peer-dir") >= 0 ? Path.GetFullPath(Opt("--peer-dir", "")) : null);
        if (o.Cpus is not ("shared" or "split"))
            throw new FormatException("--cpus is shared (every process on every CPU) or split (alpha and fio on CPU 0, beta on CPU 1)");
        if (o.Cpus == "split" && Environment.ProcessorCount < 2)
            throw new FormatException("--cpus split needs at least 2 CPUs");
        if (o.PeerDir is { } dir && !Directory.Exists(dir))
            throw new FormatException($"--peer-dir {dir} does not exist");
        if (o.Rounds < 1 || o.Seconds < 1)
            throw new FormatException("--rounds and --seconds must be at least 1");
        if (o.Away is not ("kill" or "disconnect"))
            throw new FormatException("--away is kill (kill -9 of the secondary, then restart) or disconnect (volume disconnect/connect)");
        if (o.Dirty.Any(d => d <= 0 || d % (1 << 20) != 0 || d > o.Size))
            throw new FormatException("--dirty sizes are whole MiB, at most --size");
        if (o.Size % (1 << 20) != 0 || o.FioSize % (1 << 20) != 0)
            throw new FormatException("--size and --fio-size are whole MiB");
        if (o.Parts.Except(["fio", "fullsync", "resync"]).FirstOrDefault() is { } bad)
            throw new FormatException($"unknown part '{bad}' in --parts; use fio, fullsync, resync");
        return o;
    }

    public bool Runs(string part) => Parts.Contains(part);
}
