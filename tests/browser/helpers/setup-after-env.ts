// a Strapi boot in a child process plus Chromium: minutes of headroom, not the API suite's 60 s
jest.setTimeout(180_000);
