namespace Tandem.Resources.Agents.MySql;

/// <summary>Finds the server program: mariadbd, then mysqld, in /usr/sbin and then on PATH.</summary>
static class MySqlBinary
{
    static readonly string[] Names = ["mariadbd", "mysqld"];

    public static string? Find(string? pathVariable = null)
    {
        var path = pathVariable ?? Environment.GetEnvironmentVariable("PATH") ?? "";
        string[] dirs = ["/usr/sbin", .. path.Split(':', StringSplitOptions.RemoveEmptyEntries)];
        foreach (var name in Names)
            foreach (var dir in dirs)
            {
                var candidate = Path.Combine(dir, name);
                if (IsExecutable(candidate))
                    return candidate;
            }
        return null;
    }

    static bool IsExecutable(string path) =>
        File.Exists(path) && (File.GetUnixFileMode(path) & (UnixFileMode.UserExecute | UnixFileMode.GroupExecute | UnixFileMode.OtherExecute)) != 0;
}
