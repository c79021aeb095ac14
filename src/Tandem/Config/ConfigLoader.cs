using System.Text;
using Tandem.Config.Toml;

namespace Tandem.Config;

/// <summary>Reads, parses and validates a config file. Every failure is a <see cref="ConfigException"/>.</summary>
public static class ConfigLoader
{
    /// <summary>Loads <paramref name="path"/>; refuses files over <see cref="Defaults.MaxConfigBytes"/> and invalid UTF-8.</summary>
    public static TandemConfig Load(string path)
    {
        byte[] bytes;
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            bytes = ReadBounded(stream, path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var hint = e is FileNotFoundException or DirectoryNotFoundException
                ? $"create it, or point --config or {Defaults.ConfigEnvironmentVariable} at the right file"
                : "check that it is a readable file";
            throw new ConfigException(new ConfigError(path, 0, 0, null, $"cannot read the config: {e.Message}; {hint}"));
        }
        return Parse(Decode(bytes, path), path);
    }

    /// <summary>Parses and validates config text; <paramref name="fileName"/> only names it in errors.</summary>
    public static TandemConfig Parse(string text, string fileName)
    {
        if (text.Length > Defaults.MaxConfigBytes)
            throw TooLarge(fileName);
        return ConfigBuilder.Build(TomlParser.Parse(text, fileName), fileName);
    }

    static byte[] ReadBounded(FileStream stream, string path)
    {
        var buffer = new MemoryStream();
        var chunk = new byte[64 * 1024];
        int n;
        while ((n = stream.Read(chunk)) > 0)
        {
            if (buffer.Length + n > Defaults.MaxConfigBytes)
                throw TooLarge(path);
            buffer.Write(chunk, 0, n);
        }
        return buffer.ToArray();
    }

    static string Decode(byte[] bytes, string path)
    {
        try
        {
            return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true).GetString(bytes);
        }
        catch (DecoderFallbackException e)
        {
            var offset = Math.Clamp(e.Index, 0, bytes.Length);
            var line = 1 + bytes.AsSpan(0, offset).Count((byte)'\n');
            throw new ConfigException(new ConfigError(path, line, 0, null, "the file is not valid UTF-8; save it as UTF-8"));
        }
    }

    static ConfigException TooLarge(string path) =>
        new(new ConfigError(path, 0, 0, null, $"the file is larger than {Defaults.MaxConfigBytes / (1024 * 1024)} MiB; is this really the config?"));
}
