namespace Tandem.Lab;

/// <summary>
/// Keeps the logs of a run (daemons, MariaDB, client journal and log) before the lab is removed: always after a
/// failed run, and after every run when TANDEM_LAB_KEEP_LOGS=1.
/// </summary>
public static class LabLogs
{
    public static string Root => Path.Combine(Path.GetTempPath(), "tandem-lab-logs");

    public static bool KeepAlways => Environment.GetEnvironmentVariable("TANDEM_LAB_KEEP_LOGS") == "1";

    public static string? Keep(Lab lab, string scenario)
    {
        try
        {
            var dest = Path.Combine(Root, $"{scenario}-{lab.Names.Id}");
            Directory.CreateDirectory(dest);
            void Copy(string file, string name)
            {
                if (File.Exists(file))
                    File.Copy(file, Path.Combine(dest, name), overwrite: true);
            }
            foreach (var n in LabNodeId.Both)
            {
                Copy(lab.Layout.DaemonLog(n), $"{n.Name}.daemon.log");
                Copy(lab.Layout.MySqlErrorLog(n), $"{n.Name}.mysqld.err");
                Copy(Path.Combine(lab.Layout.NodeDir(n), "commands.log"), $"{n.Name}.commands.log");
            }
            Copy(lab.Layout.ClientLog, "client.log");
            Copy(lab.Layout.CommitLog, "commits.log");
            Copy(lab.Layout.ConfigPath, "tandem.toml");
            return dest;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
