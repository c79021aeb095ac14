using Tandem.Lab;

namespace Tandem.Tests.Integration.Lab;

/// <summary>What of the lab exists on the machine: namespaces, directories, mounts and loop devices with the lab's prefix.</summary>
static class LabLeftovers
{
    public static IReadOnlyList<string> Namespaces() =>
        [.. LabCleanup.ExistingNamespaces().Where(n => n.StartsWith(LabNames.Prefix, StringComparison.Ordinal)).Order()];

    public static IReadOnlyList<string> Directories() =>
        [.. Directory.GetDirectories(LabNames.DefaultRoot, LabNames.Prefix + "*").Order()];

    public static IReadOnlyList<string> Mounts() =>
        [.. File.ReadAllLines("/proc/self/mountinfo").Where(l => l.Contains("/" + LabNames.Prefix, StringComparison.Ordinal))];

    /// <summary>
    /// Loop devices that look like the lab's: backed by a file under a lab directory, or by "/r0" (how the kernel names
    /// the lab volume's FUSE file once the node's mount namespace is gone).
    /// </summary>
    public static IReadOnlyList<string> Loops()
    {
        var list = new List<string>();
        foreach (var block in Directory.GetDirectories("/sys/block", "loop*"))
        {
            try
            {
                var backing = File.ReadAllText(Path.Combine(block, "loop", "backing_file")).Trim();
                if (backing.Contains("/" + LabNames.Prefix, StringComparison.Ordinal) || backing == "/" + LabLayout.Volume)
                    list.Add(Path.GetFileName(block));
            }
            catch (IOException) { }
        }
        return list;
    }

    /// <summary>Asserts that nothing of lab <paramref name="names"/> is left.</summary>
    public static void AssertGone(LabNames names, IReadOnlyList<int> pids)
    {
        Assert.DoesNotContain(Namespaces(), n => LabNames.IdOf(n) == names.Id);
        Assert.False(Directory.Exists(names.Dir), $"{names.Dir} is still there");
        Assert.Empty(LabCleanup.MountsUnder(names.Dir));
        Assert.Empty(LabCleanup.LoopsUnder(names.Dir));
        Assert.Empty(Loops());
        foreach (var pid in pids)
            Assert.False(NamespaceProcesses.IsAlive(pid), $"process {pid} of the lab is still alive: {Describe(pid)}");
    }

    static string Describe(int pid)
    {
        try { return File.ReadAllText($"/proc/{pid}/stat") + " cmdline " + File.ReadAllText($"/proc/{pid}/cmdline").Replace('\0', ' '); }
        catch (IOException) { return "(gone)"; }
    }
}
