using System.Diagnostics;
using Tandem.Config;
using Tandem.Config.Import;

namespace Tandem.Tests.Unit.Import;

/// <summary>authkeys: the key in use, malformed files, and the printed commands that install the key.</summary>
public class AuthKeysImportTests
{
    static AuthKeys Read(string text)
    {
        var diag = new ImportDiagnostics();
        var keys = AuthKeysReader.Read(new ImportFile("authkeys", text), diag);
        diag.ThrowIfErrors();
        return keys!;
    }

    static string Error(string text)
    {
        var diag = new ImportDiagnostics();
        AuthKeysReader.Read(new ImportFile("authkeys", text), diag);
        return Assert.Throws<ConfigException>(diag.ThrowIfErrors).Message;
    }

    [Fact]
    public void The_auth_line_picks_the_key_and_its_byte_range_is_known()
    {
        var k = Read("# keys\nauth 3\n1 crc\n3\tsha1   Zürich-key # note\n2 md5 other\n").Active;
        Assert.Equal(3, k.Index);
        Assert.Equal("sha1", k.Method);
        Assert.Equal("Zürich-key", k.Secret);
        Assert.Equal(new SourceLine("authkeys", 4), k.At);
        Assert.Equal((10, 20), k.SecretBytes);
    }

    [Fact]
    public void Crc_has_no_secret()
    {
        var k = Read(WalkthroughSamples.AuthKeys).Active;
        Assert.Equal("crc", k.Method);
        Assert.Null(k.Secret);
    }

    [Fact]
    public void Malformed_files_are_errors_with_their_line()
    {
        Assert.Equal("authkeys: no \"auth N\" line; add one naming the key in use, such as auth 1", Error("1 sha1 abc\n"));
        Assert.Equal("authkeys:1: auth 2 names no key; add a line \"2 sha1 SECRET\"", Error("auth 2\n1 sha1 abc\n"));
        Assert.Equal("authkeys:2: unknown method \"sha256\"; authkeys methods are sha1, md5 and crc", Error("auth 1\n1 sha256 abc\n"));
        Assert.Equal("authkeys:2: md5 needs a key: 1 md5 SECRET", Error("auth 1\n1 md5\n"));
        Assert.Equal("authkeys:2: crc takes no key; remove the text after crc", Error("auth 1\n1 crc abc\n"));
        Assert.Equal("authkeys:1: expected \"auth N\", the number of the key to use (such as auth 1)", Error("auth one\n"));
        Assert.Equal("authkeys:3: key 1 is already defined at authkeys:2", Error("auth 1\n1 sha1 a\n1 sha1 b\n"));
        Assert.StartsWith("authkeys:2: expected \"auth N\" or \"N METHOD SECRET\"", Error("auth 1\nkey sha1 a\n"));
    }

    [Fact]
    public void A_crc_key_is_reported_and_a_new_key_is_made_when_nothing_else_has_one()
    {
        var r = new ImportFiles().Add("ha.cf", "node a\n").Add("authkeys", WalkthroughSamples.AuthKeys).Import();
        Assert.Contains(r.Warnings, w => w.ToString().StartsWith("authkeys:2: warning: key 1 is crc, a checksum and not authentication", StringComparison.Ordinal));
        Assert.Contains("head -c 32 /dev/urandom | base64 > /etc/tandem/authkey) && chmod 0600 /etc/tandem/authkey", r.Toml);
    }

    [Fact]
    public void The_printed_command_writes_exactly_the_secret_with_mode_0600()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-import-key-");
        try
        {
            var authkeys = Path.Combine(dir.FullName, "auth keys");
            File.WriteAllText(authkeys, "auth 2\n1 md5 old\n  2 \tsha1\tpässwörd-42!$x   \n");
            var drbd = Path.Combine(dir.FullName, "r0.res");
            File.WriteAllText(drbd, "resource r0 {\n  net { shared-secret \"drbd secret é\"; }\n  on a { disk /dev/sdb1; address 10.0.0.1:7788; }\n  on b { disk /dev/sdb1; address 10.0.0.2:7788; }\n}\n");

            Assert.Equal("pässwörd-42!$x", RunKeyCommand(ConfigImporter.Import([authkeys, drbd]).Toml, dir.FullName));
            Assert.Equal("drbd secret é", RunKeyCommand(ConfigImporter.Import([drbd]).Toml, dir.FullName));
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    /// <summary>Runs the key command of the output's header with the key file redirected into <paramref name="dir"/>.</summary>
    static string RunKeyCommand(string toml, string dir)
    {
        var line = toml.Split('\n').Single(l => l.Contains("| cut -b", StringComparison.Ordinal));
        var key = Path.Combine(dir, "authkey");
        var command = line.TrimStart('#', ' ').Replace("install -d /etc/tandem && ", "").Replace("/etc/tandem/authkey", key);
        File.Delete(key);
        var psi = new ProcessStartInfo("/bin/sh", ["-c", command]) { RedirectStandardError = true };
        using (var p = Process.Start(psi)!)
        {
            var err = p.StandardError.ReadToEnd();
            p.WaitForExit();
            Assert.True(p.ExitCode == 0, $"{command}: {err}");
        }
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(key));
        return File.ReadAllText(key);
    }

    [Fact]
    public void A_secret_with_escapes_is_copied_by_hand_and_still_never_printed()
    {
        var r = new ImportFiles().Add("r0.res", "resource r0 {\n  net { shared-secret \"a\\\"quoted\\\"secret\"; }\n  on a { disk /dev/sdb1; address 10.0.0.1:7788; }\n  on b { disk /dev/sdb1; address 10.0.0.2:7788; }\n}\n").Import();
        Assert.DoesNotContain("quoted", r.Toml);
        Assert.Contains("by hand", r.Toml);
    }
}
