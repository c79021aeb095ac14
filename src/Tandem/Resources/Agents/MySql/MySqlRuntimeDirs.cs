using System.Runtime.InteropServices;

namespace Tandem.Resources.Agents.MySql;

/// <summary>
/// What the server needs before it starts, as Debian's init script provides it: the directories of the socket
/// and the pid file (e.g. /run/mysqld, gone after a reboot), owned by the server's <c>user</c>.
/// </summary>
static partial class MySqlRuntimeDirs
{
    /// <summary>Where the server's stdout and stderr go (they hold what it says before its error log opens).</summary>
    public const string ConsoleDirectory = "/run/tandem";

    public static void Prepare(MySqlServerSettings s)
    {
        foreach (var file in new[] { s.Socket, s.PidFile })
        {
            var dir = Path.GetDirectoryName(file);
            if (string.IsNullOrEmpty(dir) || Directory.Exists(dir))
                continue;
            Directory.CreateDirectory(dir, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute
                | UnixFileMode.GroupRead | UnixFileMode.GroupExecute | UnixFileMode.OtherRead | UnixFileMode.OtherExecute);
            if (s.User is { } user && user != "root" && LookUpUser(user) is { } ids)
                _ = Chown(dir, ids.Uid, ids.Gid);
        }
    }

    /// <summary>A file for the server's console output, named after the my.cnf path.</summary>
    public static string ConsoleFile(string cnfPath)
    {
        var name = "mysqld" + string.Concat(cnfPath.Select(c => char.IsAsciiLetterOrDigit(c) || c is '.' or '-' or '_' ? c : '_')) + ".out";
        try
        {
            Directory.CreateDirectory(ConsoleDirectory);
            return Path.Combine(ConsoleDirectory, name);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            return Path.Combine(Path.GetTempPath(), name);
        }
    }

    /// <summary>uid and gid of <paramref name="user"/> from /etc/passwd.</summary>
    static (uint Uid, uint Gid)? LookUpUser(string user)
    {
        try
        {
            foreach (var line in File.ReadLines("/etc/passwd"))
            {
                var f = line.Split(':');
                if (f.Length > 3 && f[0] == user && uint.TryParse(f[2], out var uid) && uint.TryParse(f[3], out var gid))
                    return (uid, gid);
            }
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
        }
        return null;
    }

    [LibraryImport("libc", EntryPoint = "chown", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Chown(string path, uint owner, uint group);
}
