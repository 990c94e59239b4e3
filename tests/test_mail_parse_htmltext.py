from mail.parse.htmltext import html_to_text


def test_table_rows_become_tab_separated_lines():
    html = ("<table><tr><td>Name</td><td>E-mail</td></tr>"
            "<tr><td>Ana <b>RUIZ</b></td><td><a href='mailto:a@x.org'>a@x.org</a></td></tr></table>")
    assert html_to_text(html).split("\n") == ["Name\tE-mail", "Ana RUIZ\ta@x.org"]


def test_paragraphs_are_lines_and_nbsp_paragraphs_are_blank():
    html = "<p>one</p>\n<p>two<br>three</p><p>&nbsp;</p><p>four</p>"
    assert html_to_text(html) == "one\ntwo\nthree\n\nfour"


def test_blockquote_is_marked_as_quoted_and_styles_are_dropped():
    html = "<style>p {x:y}</style><p>mine</p><blockquote><p>theirs</p></blockquote>"
    assert html_to_text(html) == "mine\n> theirs"


def test_mailto_link_text_without_address_keeps_the_address():
    assert html_to_text('<a href="mailto:j@x.org">Jane</a>') == "Jane j@x.org"


def test_broken_markup_does_not_raise():
    assert isinstance(html_to_text("<table><tr><td>a<td>b</tr><p></table></div>&#xffffffff;"), str)


def test_merged_cells_keep_the_columns_of_a_two_row_header():
    html = ("<table><tr><th rowspan=2>No</th><th rowspan=2>Name</th><th colspan=2>Contact</th></tr>"
            "<tr><th>E-mail</th><th>Phone</th></tr>"
            "<tr><td>1</td><td>Ana RUIZ</td><td>a@x.org</td><td>+1 555 0100</td></tr></table>")
    assert html_to_text(html).split("\n") == ["No\tName\tContact\t", "\t\tE-mail\tPhone", "1\tAna RUIZ\ta@x.org\t+1 555 0100"]
