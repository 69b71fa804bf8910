import {
  escapeHtml,
  formatPhone,
  renderAlertEmail,
  renderNewLeadEmail,
  renderOverdueLeadEmail,
  type LeadEmailData,
  type OverdueLeadEmailData,
} from '../../server/src/utils/lead-email';

const base: LeadEmailData = {
  name: 'Carla Souza',
  email: 'carla@example.com',
  phoneE164: '+5548988627634',
  phoneRaw: '48 988627634',
  message: 'Olá!',
  leadOrigin: 'Grupo OLX',
  clientListingId: 'JDA-4821',
  listingTitle: 'Apartamento',
  listingUrl: 'https://www.example.com/imovel/JDA-4821',
  advertiserName: 'Jardim',
  receivedAt: new Date('2026-03-10T14:22:01Z'),
  adminUrl: 'https://crm.example.com/admin/plugins/grupozap/leads/abc123',
  timeZone: 'America/Sao_Paulo',
};

describe('links', () => {
  it('tel: keeps the E.164 number, wa.me takes its digits', () => {
    expect(renderNewLeadEmail(base).html).toContain('href="tel:+5548988627634"');
    expect(renderNewLeadEmail(base).html).toContain('href="https://wa.me/5548988627634"');
    expect(renderNewLeadEmail(base).text).toContain('WhatsApp: https://wa.me/5548988627634');
  });

  it('shows a Brazilian number in the national format', () => {
    expect(formatPhone('+5548988627634')).toBe('(48) 98862-7634');
    expect(formatPhone('+551133334444')).toBe('(11) 3333-4444');
  });
});

describe('escapeHtml', () => {
  it('escapes the five characters', () => {
    expect(escapeHtml(`<a href="x">'&'</a>`)).toBe('&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;');
  });
});

describe('renderNewLeadEmail', () => {
  it('has the name, phone with tel: and WhatsApp links, message, listing and admin link, in Portuguese', () => {
    const { subject, text, html } = renderNewLeadEmail(base);
    expect(subject).toBe('Novo lead: Carla Souza — JDA-4821 — Apartamento');
    expect(text).toContain('Telefone: (48) 98862-7634 (tel:+5548988627634)');
    expect(text).toContain('WhatsApp: https://wa.me/5548988627634');
    expect(text).toContain('Recebido em: 10/03/2026, 11:22');
    expect(text).toContain('Abrir o lead no CRM: https://crm.example.com/admin/plugins/grupozap/leads/abc123');
    expect(html).toContain('<a href="tel:+5548988627634">(48) 98862-7634</a>');
    expect(html).toContain('<a href="https://wa.me/5548988627634">Conversar no WhatsApp</a>');
    expect(html).toContain('<a href="https://www.example.com/imovel/JDA-4821">JDA-4821 — Apartamento</a>');
    expect(html).toContain('href="https://crm.example.com/admin/plugins/grupozap/leads/abc123"');
    expect(html).toContain('<html lang="pt-BR">');
  });

  it('escapes everything the lead wrote', () => {
    const { html, subject } = renderNewLeadEmail({
      ...base,
      name: '<img src=x onerror=alert(1)>',
      message: '"><script>alert(1)</script>',
      email: 'a"b@example.com',
      listingTitle: '<b>bold</b>',
    });
    expect(html).not.toMatch(/<img|<script|<b>bold/);
    expect(html).toContain('&lt;img src=x onerror=alert(1)&gt;');
    expect(html).toContain('&quot;&gt;&lt;script&gt;alert(1)&lt;/script&gt;');
    // not one plain address: shown, not linked
    expect(html).not.toContain('mailto:');
    expect(html).toContain('<td style="padding:4px 0">a&quot;b@example.com</td>');
    // the subject is a header, not HTML: kept as written, on one line
    expect(subject).toBe('Novo lead: <img src=x onerror=alert(1)> — JDA-4821 — <b>bold</b>');
  });

  it('links the e-mail address to itself only: no added recipient, header or body', () => {
    expect(renderNewLeadEmail(base).html).toContain('<a href="mailto:carla@example.com">carla@example.com</a>');
    for (const email of [
      'x@y.com?bcc=evil@z.com',
      'x@y.com?cc=evil@z.com&body=hi',
      'x@y.com,evil@z.com',
      'x@y.com;evil@z.com',
      'x@y.com%3Fbcc=evil@z.com',
      'x@y.com#bcc=evil@z.com',
      'x@y.com evil@z.com',
      'x@y.com\nBcc: evil@z.com',
    ]) {
      const { html, text } = renderNewLeadEmail({ ...base, email });
      expect(html).not.toContain('mailto:');
      expect(html).not.toMatch(/href="[^"]*evil/);
      // the text version shows the address as it came, without a link
      expect(text).toContain(`E-mail: ${email}`);
    }
  });

  it("makes the tel: link of the number's digits only", () => {
    const { html } = renderNewLeadEmail({ ...base, phoneE164: '+5548988627634?call=evil' });
    expect(html).toContain('href="tel:+5548988627634"');
    expect(html).not.toContain('evil"');
  });

  it('links only http(s) listing URLs', () => {
    const { html } = renderNewLeadEmail({ ...base, listingUrl: 'javascript:alert(1)' });
    expect(html).not.toContain('javascript:');
    expect(html).toContain('JDA-4821 — Apartamento');
  });

  it('without a valid phone: the raw number, no tel: or WhatsApp link', () => {
    const { text, html } = renderNewLeadEmail({ ...base, phoneE164: null, phoneRaw: '00 123' });
    expect(text).toContain('Telefone: 00 123');
    expect(text).not.toContain('WhatsApp');
    expect(html).not.toMatch(/tel:|wa\.me/);
  });

  it('with nothing but the admin link', () => {
    const { subject, text } = renderNewLeadEmail({
      ...base,
      name: null,
      email: null,
      phoneE164: null,
      phoneRaw: null,
      message: '  ',
      leadOrigin: null,
      clientListingId: null,
      listingTitle: null,
      listingUrl: null,
      advertiserName: null,
      receivedAt: null,
    });
    expect(subject).toBe('Novo lead: Sem nome');
    expect(text).toContain('(sem mensagem)');
    expect(text).toContain(base.adminUrl);
  });

  it('keeps the subject on one line', () => {
    expect(renderNewLeadEmail({ ...base, name: 'A\r\nBcc: x@example.com' }).subject).toBe(
      'Novo lead: A Bcc: x@example.com — JDA-4821 — Apartamento'
    );
  });
});

describe('renderAlertEmail', () => {
  it('lists each code with its count, threshold, times and a hint', () => {
    const { subject, text, html } = renderAlertEmail(
      [
        {
          code: 'INVALID_CREDENTIALS',
          httpStatus: 401,
          count: 7,
          threshold: 5,
          firstSeenAt: new Date('2026-03-10T14:00:00Z'),
          lastSeenAt: new Date('2026-03-10T14:30:00Z'),
        },
      ],
      {
        windowMinutes: 60,
        deliveriesUrl: 'https://crm.example.com/admin/plugins/grupozap/deliveries',
        timeZone: 'America/Sao_Paulo',
      }
    );
    expect(subject).toBe('[Grupo ZAP] Entregas recusadas: INVALID_CREDENTIALS');
    expect(text).toContain(
      'INVALID_CREDENTIALS (HTTP 401): 7 entregas em 60 min (limite 5), de 10/03/2026, 11:00 a 10/03/2026, 11:30'
    );
    expect(text).toContain('SECRET_KEY');
    expect(html).toContain('href="https://crm.example.com/admin/plugins/grupozap/deliveries"');
  });
});

describe('renderOverdueLeadEmail', () => {
  const overdue: OverdueLeadEmailData = {
    name: 'Carla Souza',
    email: 'carla@example.com',
    phoneE164: '+5548988627634',
    phoneRaw: '48 988627634',
    clientListingId: 'JDA-4821',
    listingTitle: 'Apartamento',
    listingUrl: 'https://www.example.com/imovel/JDA-4821',
    advertiserName: 'Jardim',
    receivedAt: new Date('2026-03-10T14:22:01Z'),
    slaDueAt: new Date('2026-03-10T15:52:01Z'),
    assignee: 'Bia Lima (bia@example.com)',
    reassigned: true,
    previousAssignee: 'Ana Reis (ana@example.com)',
    adminUrl: 'https://crm.example.com/admin/plugins/grupozap/leads/abc123',
    timeZone: 'America/Sao_Paulo',
  };

  it('has the name, phone links, received time, deadline, the assignee and the previous one, and the admin link, in Portuguese', () => {
    const { subject, text, html } = renderOverdueLeadEmail(overdue);
    expect(subject).toBe('Lead sem resposta no prazo: Carla Souza — JDA-4821 — Apartamento');
    expect(text).toContain('Telefone: (48) 98862-7634 (tel:+5548988627634)');
    expect(text).toContain('WhatsApp: https://wa.me/5548988627634');
    expect(text).toMatch(/Recebido em: 10\/03\/2026,? 11:22/);
    expect(text).toMatch(/Prazo de resposta: 10\/03\/2026,? 12:52 \(1 h 30 min após o recebimento\)/);
    expect(text).toContain('Responsável: Bia Lima (bia@example.com)');
    expect(text).toContain('Responsável anterior: Ana Reis (ana@example.com)');
    expect(text).toContain('O lead foi repassado automaticamente para o próximo corretor da vez.');
    expect(text).toContain('Abrir o lead no CRM: https://crm.example.com/admin/plugins/grupozap/leads/abc123');
    expect(html).toContain('<a href="tel:+5548988627634">(48) 98862-7634</a>');
    expect(html).toContain('<a href="https://crm.example.com/admin/plugins/grupozap/leads/abc123"');
    expect(html).toContain('Ana Reis (ana@example.com)');
  });

  it('not reassigned: the assignee only, or nobody waiting in the inbox', () => {
    const kept = renderOverdueLeadEmail({ ...overdue, reassigned: false, previousAssignee: null });
    expect(kept.text).toContain('Responsável: Bia Lima (bia@example.com)');
    expect(kept.text).not.toContain('anterior');
    expect(kept.text).not.toContain('repassado');
    const waiting = renderOverdueLeadEmail({ ...overdue, reassigned: false, previousAssignee: null, assignee: null });
    expect(waiting.text).toContain('Responsável: ninguém (aguardando na caixa de entrada)');
    // reassigned from nobody
    expect(renderOverdueLeadEmail({ ...overdue, previousAssignee: null }).text).toContain('Responsável anterior: ninguém');
  });

  it('escapes the lead and the agents in the HTML, and keeps the subject on one line', () => {
    const { subject, html } = renderOverdueLeadEmail({
      ...overdue,
      name: 'Carla <b>\nSouza</b>',
      assignee: '<script>x</script>',
      previousAssignee: 'Ana "A" & Cia',
    });
    expect(subject).toBe('Lead sem resposta no prazo: Carla <b> Souza</b> — JDA-4821 — Apartamento');
    expect(html).toContain('Carla &lt;b&gt;');
    expect(html).toContain('&lt;script&gt;x&lt;/script&gt;');
    expect(html).toContain('Ana &quot;A&quot; &amp; Cia');
    expect(html).not.toContain('<script>');
    expect(html).not.toContain('<b>');
  });

  it('without a valid phone, listing or deadline: the raw number and what is known', () => {
    const { text, html } = renderOverdueLeadEmail({
      ...overdue,
      name: null,
      phoneE164: null,
      clientListingId: null,
      listingTitle: null,
      slaDueAt: null,
    });
    expect(text).toContain('Nome: Sem nome');
    expect(text).toContain('Telefone: 48 988627634');
    expect(text).not.toContain('tel:');
    expect(text).not.toContain('Imóvel');
    expect(text).not.toContain('Prazo de resposta');
    expect(html).not.toContain('wa.me');
  });

  it('gives the SLA in minutes, hours and days', () => {
    const due = (minutes: number) =>
      renderOverdueLeadEmail({ ...overdue, slaDueAt: new Date(overdue.receivedAt!.getTime() + minutes * 60_000) }).text;
    expect(due(15)).toContain('(15 min após o recebimento)');
    expect(due(120)).toContain('(2 h após o recebimento)');
    expect(due(3 * 1440 + 60 + 5)).toContain('(3 d 1 h após o recebimento)');
  });
});
