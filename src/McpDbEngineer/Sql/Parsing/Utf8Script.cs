using System.Text;

namespace McpDbEngineer.Sql.Parsing;

/// <summary>
/// A script as the native parser reads it (UTF-8, NUL-terminated) together with the way back to .NET string
/// positions: the parser reports statement boundaries in bytes and error cursors in code points, while
/// callers cut the string in UTF-16 chars.
/// </summary>
internal sealed class Utf8Script
{
    private readonly string text;

    // charOffsetOfByte[b] is the char offset of the character that starts at byte b (or contains it).
    private readonly int[] charOffsetOfByte;

    public Utf8Script(string text)
    {
        this.text = text;
        var bytes = new List<byte>(text.Length + 1);
        var offsets = new List<int>(text.Length + 1);
        Span<byte> buffer = stackalloc byte[4];
        for (var index = 0; index < text.Length;)
        {
            // Lone surrogates become U+FFFD, exactly as Encoding.UTF8 would write them.
            Rune.DecodeFromUtf16(text.AsSpan(index), out var rune, out var consumed);
            var written = rune.EncodeToUtf8(buffer);
            for (var i = 0; i < written; i++)
            {
                bytes.Add(buffer[i]);
                offsets.Add(index);
            }

            index += consumed;
        }

        offsets.Add(text.Length);
        bytes.Add(0);
        Bytes = [.. bytes];
        charOffsetOfByte = [.. offsets];
    }

    /// <summary>The UTF-8 text followed by a NUL terminator.</summary>
    public byte[] Bytes { get; }

    /// <summary>Number of UTF-8 bytes before the terminator.</summary>
    public int ByteLength => Bytes.Length - 1;

    /// <summary>Char offset in the string of the given byte offset (clamped to the text).</summary>
    public int CharOffsetOfByte(int byteOffset) => charOffsetOfByte[Math.Clamp(byteOffset, 0, ByteLength)];

    /// <summary>Char offset of the given 0-based code point index (clamped to the text).</summary>
    public int CharOffsetOfCodePoint(int codePointIndex)
    {
        var index = 0;
        for (var codePoint = 0; codePoint < codePointIndex && index < text.Length; codePoint++)
        {
            index += char.IsHighSurrogate(text[index]) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1]) ? 2 : 1;
        }

        return index;
    }
}
