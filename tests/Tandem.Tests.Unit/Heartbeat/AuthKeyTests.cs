using System.Diagnostics;
using Tandem.Heartbeat;

namespace Tandem.Tests.Unit.Heartbeat;

public sealed class AuthKeyTests : IDisposable
{
    readonly string _dir = Directory.CreateTempSubdirectory("tandem-authkey.").FullName;

    public void Dispose() => Directory.Delete(_dir, recursive: true);

    string KeyFile(string content, UnixFileMode mode = UnixFileMode.UserRead | UnixFileMode.UserWrite)
    {
        var path = Path.Combine(_dir, "authkey");
        File.WriteAllText(path, content);
        File.SetUnixFileMode(path, mode);
        return path;
    }

    static string Refusal(string path) => Assert.Throws<AuthKeyException>(() => AuthKey.Load(path)).Message;

    [Fact]
    public void A_0600_file_gives_its_content_without_the_trailing_newline()
    {
        var key = AuthKey.Load(KeyFile("s3cret-shared-by-both-nodes\n"));
        Assert.Equal("s3cret-shared-by-both-nodes"u8.ToArray(), key.Bytes.ToArray());
    }

    [Fact]
    public void Read_only_for_the_owner_is_accepted()
    {
        Assert.Equal(16, AuthKey.Load(KeyFile("0123456789abcdef", UnixFileMode.UserRead)).Bytes.Length);
    }

    [Theory]
    [InlineData(UnixFileMode.GroupRead, "0640")]
    [InlineData(UnixFileMode.OtherRead, "0604")]
    [InlineData(UnixFileMode.OtherWrite, "0602")]
    [InlineData(UnixFileMode.GroupExecute, "0610")]
    public void Open_to_group_or_others_is_refused_with_the_chmod_command(UnixFileMode extra, string shown)
    {
        var path = KeyFile("0123456789abcdef0123", UnixFileMode.UserRead | UnixFileMode.UserWrite | extra);
        var message = Refusal(path);
        Assert.Equal($"auth key file {path} is mode {shown}, readable by others; run: chmod 600 {path}", message);
        Assert.DoesNotContain('\n', message);
    }

    [Fact]
    public void Refusals_through_the_config_name_the_config_line()
    {
        var path = KeyFile("0123456789abcdef0123", UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.OtherRead);
        var config = Tandem.Config.ConfigLoader.Parse($"[cluster]\nname = \"t\"\nauth_key_file = \"{path}\"\n\n[nodes.a]\nheartbeat = [\"10.0.0.1:694\"]\n", "/etc/tandem/tandem.toml");
        var e = Assert.Throws<AuthKeyException>(() => AuthKey.Load(config));
        Assert.StartsWith($"/etc/tandem/tandem.toml:3: auth key file {path} is mode 0604", e.Message);
    }

    [Fact]
    public void Missing_file_says_how_to_create_one()
    {
        var path = Path.Combine(_dir, "nope");
        Assert.Contains("does not exist; create it: (umask 077; head -c 32 /dev/urandom | base64 > " + path, Refusal(path));
    }

    [Theory]
    [InlineData("", "is empty")]
    [InlineData("\n\n  \n", "is empty")]
    [InlineData("short\n", "holds only 5 bytes; use at least 16")]
    public void Empty_or_short_keys_are_refused(string content, string expected)
    {
        Assert.Contains(expected, Refusal(KeyFile(content)));
    }

    [Fact]
    public void Oversized_file_is_refused()
    {
        Assert.Contains("more than the 4096", Refusal(KeyFile(new string('k', 5000))));
    }

    [Fact]
    public void A_directory_is_refused()
    {
        var path = Path.Combine(_dir, "d");
        Directory.CreateDirectory(path);
        File.SetUnixFileMode(path, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.Contains("is not a regular file", Refusal(path));
    }

    [Fact]
    public void Owned_by_another_user_is_refused_with_the_chown_command()
    {
        if (Environment.UserName != "root")
            return; // only root can give a file away
        var path = KeyFile("0123456789abcdef0123");
        using (var p = Process.Start("chown", ["12345", path]))
            p.WaitForExit();
        Assert.Contains("is owned by uid 12345, not by root or the daemon's user (uid 0); run: chown 0 " + path, Refusal(path));
    }

    [Fact]
    public void Keys_from_bytes_must_be_long_enough()
    {
        Assert.Throws<AuthKeyException>(() => AuthKey.FromBytes(new byte[15]));
        Assert.Equal(16, AuthKey.FromBytes(new byte[16]).Bytes.Length);
    }
}
