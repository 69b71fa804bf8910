/** Hands `content` to the browser as a file download named `filename`. */
export const downloadFile = (content: Blob | string, filename: string, type = 'application/octet-stream') => {
  const blob = typeof content === 'string' ? new Blob([content], { type }) : content;
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = filename;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // the browser has the file once the click is handled
  setTimeout(() => URL.revokeObjectURL(url), 1000);
};

/** The file name of a Content-Disposition header, if any. */
export const filenameOf = (headers: Headers | undefined, fallback: string): string => {
  const match = /filename="([^"]+)"/.exec(headers?.get('Content-Disposition') ?? '');
  return match ? match[1] : fallback;
};
