/**
 * The script payloads of issue 24 (item 1), shared by the WordPress and admin-app tests. Every
 * one carries {@link MARK}, so a page's own scripts are told apart from injected ones.
 */
export const MARK = 'sfwpxss';

export const PAYLOADS = {
  name: `<script>alert('${MARK}-name')</script>Acme <b>Corp</b>`,
  description: [
    '<p>About <strong>us</strong></p>',
    `<script>alert('${MARK}-1')</script>`,
    `<a href="https://example.test/" onclick="alert('${MARK}-2')">site</a>`,
    `<iframe src="https://evil.example/${MARK}-3"></iframe>`,
    `<svg onload="alert('${MARK}-4')"><circle r="1"></circle></svg>`,
    `<a href="javascript:alert('${MARK}-5')">x</a>`,
    `<a href="JaVaScRiPt&#58;alert('${MARK}-6')">y</a>`,
    `<img src="x" onerror="alert('${MARK}-7')">`,
    `&lt;script&gt;alert('${MARK}-8')&lt;/script&gt;`,
    `&#60;script&#62;alert('${MARK}-9')&#60;/script&#62;`,
  ].join('\n'),
  website: `javascript:alert('${MARK}-10')`,
  city: `<img src=x onerror="alert('${MARK}-11')">Lyon`,
};
