using System.Diagnostics;
using System.Text.RegularExpressions;
using Tandem.Config;

namespace Tandem.Tests.Unit.Import;

/// <summary><c>tandem config import</c> through the real binary: TOML on stdout, warnings and errors on stderr, exit status.</summary>
public sealed class ImportCliTests : IDisposable
{
    readonly DirectoryInfo dir = Directory.CreateTempSubdirectory("tandem-import-cli-");

    public void Dispose() => dir.Delete(recursive: true);

    string Write(string name, string text)
    {
        var path = Path.Combine(dir.FullName, name);
        Directory.CreateDirectory(Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text);
        return path;
    }

    static (int Exit, string Out, string Err) Tandem(params string[] args)
    {
        var psi = new ProcessStartInfo(Path.Combine(AppContext.BaseDirectory, "tandem")) { RedirectStandardOutput = true, RedirectStandardError = true };
        foreach (var a in args)
            psi.ArgumentList.Add(a);
        psi.Environment.Remove(Defaults.ConfigEnvironmentVariable);
        psi.Environment.Remove(Defaults.NodeEnvironmentVariable);
        using var p = Process.Start(psi)!;
        var stdout = p.StandardOutput.ReadToEndAsync();
        var stderr = p.StandardError.ReadToEndAsync();
        Assert.True(p.WaitForExit(60_000), "tandem did not finish");
        return (p.ExitCode, stdout.Result, stderr.Result);
    }

    string[] WalkthroughFiles() =>
    [
        Write("db-server-01/ha.cf", WalkthroughSamples.HaCfPrimary),
        Write("db-server-02/ha.cf", WalkthroughSamples.HaCfSecondary),
        Write("authkeys", WalkthroughSamples.AuthKeys),
        Write("haresources", WalkthroughSamples.HaResources),
        Write("drbd.conf", "include \"drbd.d/*.conf\";\n"),
        Write("drbd.d/global_common.conf", WalkthroughSamples.GlobalCommon),
    ];

    [Fact]
    public void The_walkthrough_imports_and_the_output_passes_config_check()
    {
        var (exit, stdout, stderr) = Tandem(["config", "import", .. WalkthroughFiles()]);

        Assert.True(exit == 0, stderr);
        var config = ConfigLoader.Parse(stdout, "out.toml");
        Assert.Equal(["db-server-01", "db-server-02"], config.Nodes.Keys);
        Assert.Equal("/dev/sda5", config.Volumes["r0"].OnNode("db-server-02").Disk);
        Assert.Equal(["IPaddr::192.168.0.88/24/eth1", "volume::r0", "Filesystem::/dev/tandem/r0::/data::ext4", "mysqld"], config.Groups[0].Resources);
        Assert.DoesNotContain("warning", stdout.Split('\n').Where(l => !l.StartsWith('#')));
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Contains(lines, l => l == $"{dir.FullName}/authkeys:2: warning: key 1 is crc, a checksum and not authentication: anyone on the network could forge heartbeats; Tandem needs a real key, and the import uses DRBD's shared-secret");
        Assert.All(lines, l => Assert.Matches(@"^\S+:\d+: warning: ", l));

        var saved = Write("tandem.toml", stdout);
        var check = Tandem("config", "check", "--config", saved, "--node", "db-server-01");
        Assert.True(check.Exit == 0, check.Err);
        Assert.Contains("this host is node db-server-01", check.Err);
    }

    [Fact]
    public void Malformed_input_prints_file_line_and_nothing_on_stdout()
    {
        var files = WalkthroughFiles();
        Write("db-server-02/ha.cf", WalkthroughSamples.HaCfSecondary.Replace("deadtime 15", "deadtime soon"));
        Write("drbd.d/global_common.conf", WalkthroughSamples.GlobalCommon.Replace("protocol C;", "protocol C"));

        var (exit, stdout, stderr) = Tandem(["config", "import", .. files]);

        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        var lines = stderr.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Equal($"{dir.FullName}/db-server-02/ha.cf:6: deadtime \"soon\" is not a time; write seconds (\"2\") or milliseconds (\"500ms\")", lines[0]);
        Assert.Equal("tandem: nothing imported; correct the lines above and run the import again", lines[^1]);
    }

    [Fact]
    public void A_syntax_error_in_an_included_file_names_that_file()
    {
        var files = WalkthroughFiles();
        Write("drbd.d/global_common.conf", WalkthroughSamples.GlobalCommon.Replace("protocol C;", "protocol C"));
        var (exit, stdout, stderr) = Tandem(["config", "import", .. files]);
        Assert.Equal(1, exit);
        Assert.Equal("", stdout);
        Assert.StartsWith($"{dir.FullName}/drbd.d/global_common.conf:9: \"protocol C startup\" is not ended by ';'; add it", stderr);
    }

    [Fact]
    public void Missing_and_unrecognisable_files_fail_and_no_file_is_a_usage_error()
    {
        var missing = Tandem("config", "import", Path.Combine(dir.FullName, "ha.cf"));
        Assert.Equal(1, missing.Exit);
        Assert.Matches($"^{Regex.Escape(dir.FullName)}/ha.cf: cannot read the file: ", missing.Err);

        var odd = Tandem("config", "import", Write("notes.txt", "hello world\n"));
        Assert.Equal(1, odd.Exit);
        Assert.Contains("notes.txt: cannot tell which classic config this is", odd.Err);

        var none = Tandem("config", "import");
        Assert.Equal(2, none.Exit);
        Assert.Contains("config import needs the classic files", none.Err);
    }
}
