namespace Tandem.Bench;

/// <summary>
/// Where each node of a pair runs, to stand in for two machines on one: with <c>--cpus split</c> alpha's
/// daemon and the fio job share CPU 0 and beta's daemon has CPU 1 to itself (a single-node volume runs on
/// CPU 0 alone too), so the peer does not take the primary's CPU time; with <c>--peer-dir</c> beta's
/// backing file lives on another filesystem, so the two nodes' writes and flushes do not queue on one disk
/// and one journal. Both default to sharing everything, the harshest setting for the peer.
/// </summary>
static class Placement
{
    public static string Cpus { get; set; } = "shared";
    public static string? PeerDir { get; set; }

    public static bool Split => Cpus == "split";

    /// <summary>The CPU list for a node's processes, or null when nothing is pinned.</summary>
    public static string? CpuOf(string node) => Split ? (node == "alpha" ? "0" : "1") : null;

    /// <summary>The program and arguments to run <paramref name="file"/> on <paramref name="node"/>'s CPUs.</summary>
    public static (string File, string[] Args) On(string node, string file, IEnumerable<string> args) =>
        CpuOf(node) is { } cpus ? ("taskset", ["-c", cpus, file, .. args]) : (file, [.. args]);

    /// <summary>Where beta's backing file is, for a data-path sentence ("… its backing file on the same disk").</summary>
    public static string PeerDisk => PeerDir is null ? "on the same disk" : $"in {PeerDir}";

    public static string Describe() =>
        (Split ? "alpha's daemon and fio on CPU 0, beta's daemon on CPU 1 (taskset; the kernel's own threads are not pinned)" : "every process shares every CPU") +
        "; " + (PeerDir is null ? "both backing files on one filesystem" : $"beta's backing file on {PeerDir} ({FilesystemOf(PeerDir)})");

    static string FilesystemOf(string dir)
    {
        var r = Proc.Run("df", ["--output=source,fstype", dir]);
        return string.Join(" ", r.Out.Split('\n', StringSplitOptions.RemoveEmptyEntries).Skip(1).Select(l => string.Join(" ", l.Split(' ', StringSplitOptions.RemoveEmptyEntries))));
    }
}
